"""API for the judge's own acts: start a draft in a case, change it, get the exact document
to sign, and sign it with EDS (CMS over that document), which issues the act."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from acts_registry import access, drafting, services
from acts_registry.models import ActKind
from cases import access as case_access
from judicial_account.pki import services as pki_services
from judicial_account.pki.verify import decode_cms


class ActOutput(serializers.Serializer):
    id = serializers.IntegerField()
    case_number = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    title = serializers.CharField()
    text = serializers.CharField()
    outcome = serializers.CharField()
    awarded_amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    issued_on = serializers.DateField(allow_null=True)
    appeal_until = serializers.DateField(allow_null=True)
    in_force_on = serializers.DateField(allow_null=True)
    verification_code = serializers.CharField(allow_null=True)
    problems = serializers.SerializerMethodField()

    def get_problems(self, act) -> list[str]:
        return drafting.draft_problems(act) if act.is_draft else []


def _fail(code, detail, http=status.HTTP_400_BAD_REQUEST) -> Response:
    return Response({"detail": str(detail), "code": str(code)}, status=http)


class ActDraftCreateApi(APIView):
    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=ActKind.choices)
        language = serializers.ChoiceField(choices=drafting.LANGUAGES, default="ru")

    @extend_schema(request=InputSerializer, responses={201: ActOutput})
    def post(self, request, case_id: int):
        case = case_access.case_get_for(request.user, case_id, need=case_access.Need.MANAGE)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            act = services.act_draft_create(case=case, judge=request.user, **data.validated_data)
        except services.ActError as error:
            return _fail(error.code, error.detail)
        return Response(ActOutput(act).data, status=status.HTTP_201_CREATED)


class ActDraftApi(APIView):
    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=300, required=False)
        text = serializers.CharField(
            max_length=services.MAX_TEXT_CHARS, required=False, trim_whitespace=False
        )
        outcome = serializers.CharField(max_length=32, required=False, allow_blank=True)
        awarded_amount = serializers.CharField(max_length=40, required=False, allow_null=True)

    @extend_schema(responses={200: ActOutput})
    def get(self, request, act_id: int):
        return Response(ActOutput(access.act_get_for(request.user, act_id)).data)

    @extend_schema(request=InputSerializer, responses={200: ActOutput})
    def patch(self, request, act_id: int):
        act = access.draft_get_for(request.user, act_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        clear = "awarded_amount" in values and values["awarded_amount"] in (None, "")
        try:
            act = services.act_draft_update(act=act, clear_amount=clear, **values)
        except services.ActError as error:
            return _fail(error.code, error.detail)
        except ValidationError as error:
            return Response(
                {"detail": error.message_dict, "code": "invalid"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(ActOutput(act).data)


class ActDocumentApi(APIView):
    """The exact bytes to sign (CMS, detached, SHA-256)."""

    @extend_schema(responses={(200, "text/plain"): bytes})
    def get(self, request, act_id: int):
        act = access.draft_get_for(request.user, act_id)
        return HttpResponse(drafting.act_document(act), content_type="text/plain; charset=utf-8")


class ActSignApi(APIView):
    """Sign the draft (base64 CMS over the document from `.../document/`) and issue it."""

    class InputSerializer(serializers.Serializer):
        cms = serializers.CharField(max_length=200_000)

    @extend_schema(request=InputSerializer, responses={200: ActOutput})
    def post(self, request, act_id: int):
        act = access.draft_get_for(request.user, act_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cms_der = decode_cms(data.validated_data["cms"])
        if not cms_der:
            return _fail("malformed", pki_services.SigningRefused("malformed").message)
        try:
            act = services.act_sign_and_issue(act=act, cms_der=cms_der, judge=request.user)
        except services.ActError as error:
            return _fail(error.code, error.detail)
        except pki_services.SigningRefused as refusal:
            return _fail(refusal.reason, refusal.message)
        return Response(ActOutput(act).data)


urlpatterns = [
    path("cases/<int:case_id>/acts/", ActDraftCreateApi.as_view(), name="act-draft-create"),
    path("acts/<int:act_id>/draft/", ActDraftApi.as_view(), name="act-draft"),
    path("acts/<int:act_id>/document/", ActDocumentApi.as_view(), name="act-document"),
    path("acts/<int:act_id>/sign/", ActSignApi.as_view(), name="act-sign"),
]
