"""API of the authenticity check, open to anyone:

- POST /api/v1/acts/verify/ (multipart, field `file`): is this PDF byte-identical to an
  act the court issued, is its seal valid, and if not, what differs.
- GET /api/v1/acts/verify/{code}/: the public facts of the act with this code.
"""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from acts_registry import verification
from acts_registry.models import Act
from judicial_account.accounts.services import client_ip


class VerifyErrorOutput(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()


class VerifiedActOutput(serializers.Serializer):
    verification_code = serializers.CharField()
    court = serializers.CharField(source="court_name")
    case_number = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    in_force_on = serializers.DateField(allow_null=True)
    pdf_sha256 = serializers.CharField()
    pdf_public_sha256 = serializers.CharField()
    public_pdf_url = serializers.SerializerMethodField()

    def get_public_pdf_url(self, act: Act) -> str | None:
        if not (act.is_published and act.text_public):
            return None
        return reverse("verify:public_pdf", args=[act.verification_code])


class VerifySealOutput(serializers.Serializer):
    field_name = serializers.CharField()
    signer = serializers.CharField()
    intact = serializers.BooleanField()
    valid = serializers.BooleanField()
    trusted = serializers.BooleanField()
    # False when something was added to the file after this seal was made.
    covers_file = serializers.BooleanField()
    signed_at = serializers.DateTimeField(allow_null=True)


def _error(code: str, detail: str, http_status: int = status.HTTP_400_BAD_REQUEST) -> Response:
    return Response({"detail": detail, "code": code}, status=http_status)


class ActVerifyUploadApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [MultiPartParser, FormParser]

    class OutputSerializer(serializers.Serializer):
        identical = serializers.BooleanField()
        which = serializers.ChoiceField(choices=["issued", "public", ""])
        signature_valid = serializers.BooleanField()
        act = VerifiedActOutput(allow_null=True)
        reason = serializers.CharField()
        detail = serializers.CharField(source="message")
        sha256 = serializers.CharField()
        seals = VerifySealOutput(many=True)

    @extend_schema(
        summary="Check a PDF against the issued judicial acts",
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        },
        responses={
            200: OutputSerializer,
            400: VerifyErrorOutput,
            413: VerifyErrorOutput,
            429: VerifyErrorOutput,
        },
    )
    def post(self, request):
        if not verification.upload_rate_check(client_key=client_ip(request) or "unknown"):
            return _error(
                "rate_limited",
                _("Too many files checked from your address. Try again later."),
                status.HTTP_429_TOO_MANY_REQUESTS,
            )
        check = verification.upload_check(request.FILES.get("file"))
        if check.is_bad_input:
            too_large = check.reason == "too_large"
            return _error(
                check.reason,
                check.message,
                status.HTTP_413_REQUEST_ENTITY_TOO_LARGE if too_large else 400,
            )
        return Response(self.OutputSerializer(check).data)


class ActVerifyCodeApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="The public facts of the judicial act with this verification code",
        responses={200: VerifiedActOutput, 404: VerifyErrorOutput},
    )
    def get(self, request, code: str):
        act = verification.act_by_code(code)
        if act is None:
            return _error(
                "unknown_code",
                _("No judicial act has this verification code."),
                status.HTTP_404_NOT_FOUND,
            )
        return Response(VerifiedActOutput(act).data)


urlpatterns = [
    path("acts/verify/", ActVerifyUploadApi.as_view(), name="acts-verify-upload"),
    path("acts/verify/<str:code>/", ActVerifyCodeApi.as_view(), name="acts-verify-code"),
]
