"""The filing API: draft → attachments → sign (CMS over the manifest) → submit."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.models import CaseCategory, Court, PartyRole
from filings import access, services
from filings.attachments import AttachmentRefused
from filings.fees import FeeUnknown, fee_quote
from filings.manifest import filing_manifest
from filings.models import ApplicantKind, FilingStatus
from judicial_account.pki import services as pki_services
from judicial_account.pki.verify import decode_cms


class FilingOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = serializers.CharField()
    status = serializers.CharField()
    court = serializers.CharField(source="court.code", allow_null=True, default=None)
    category = serializers.CharField(source="category.code", allow_null=True, default=None)
    subject = serializers.CharField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    fee_amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    case = serializers.CharField(source="case.number", allow_null=True, default=None)
    return_reasons = serializers.ListField(child=serializers.CharField())
    problems = serializers.SerializerMethodField()
    signed = serializers.SerializerMethodField()

    def get_problems(self, filing) -> list[str]:
        return services.filing_problems(filing) if filing.is_editable else []

    def get_signed(self, filing) -> bool:
        return services._signed(filing)


def _fail(code: str, detail, http=status.HTTP_400_BAD_REQUEST) -> Response:
    return Response({"detail": str(detail), "code": code}, status=http)


class FilingCreateApi(APIView):
    """Create a draft claim in one call. Send an `Idempotency-Key` header: repeating the
    request with the same key returns the same draft instead of a second one."""

    class PartyInput(serializers.Serializer):
        role = serializers.ChoiceField(choices=PartyRole.choices)
        iin = serializers.CharField(required=False, allow_blank=True, max_length=12)
        bin = serializers.CharField(required=False, allow_blank=True, max_length=12)
        name = serializers.CharField(required=False, allow_blank=True, max_length=255)
        address = serializers.CharField(required=False, allow_blank=True, max_length=255)

    class InputSerializer(serializers.Serializer):
        court = serializers.SlugRelatedField(slug_field="code", queryset=Court.objects.all())
        category = serializers.SlugRelatedField(
            slug_field="code", queryset=CaseCategory.objects.all()
        )
        subject = serializers.CharField(max_length=500)
        amount = serializers.DecimalField(
            max_digits=16, decimal_places=2, required=False, allow_null=True
        )
        text = serializers.CharField(max_length=100_000)
        simplified = serializers.BooleanField(required=False, default=False)
        parties = serializers.ListField(child=serializers.DictField(), max_length=50)

    @extend_schema(
        request=InputSerializer,
        responses={201: FilingOutput},
        parameters=[OpenApiParameter("Idempotency-Key", str, "header")],
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        parties = self.PartyInput(data=data.validated_data["parties"], many=True)
        parties.is_valid(raise_exception=True)
        key = request.headers.get("Idempotency-Key", "")
        try:
            with transaction.atomic():
                filing = services.filing_draft_create(author=request.user, idempotency_key=key)
                if filing.parties.exists() or not filing.is_editable:
                    return Response(FilingOutput(filing).data, status=status.HTTP_200_OK)
                values = data.validated_data
                services.filing_update(
                    filing=filing,
                    court=values["court"],
                    category=values["category"],
                    subject=values["subject"],
                    amount=values.get("amount"),
                    text=values["text"],
                    simplified=values["simplified"],
                    clear_amount=values.get("amount") is None,
                )
                for party in parties.validated_data:
                    services.filing_party_add(
                        filing=filing,
                        role=party["role"],
                        iin=party.get("iin", ""),
                        bin_=party.get("bin", ""),
                        name=party.get("name", ""),
                        address=party.get("address", ""),
                    )
        except ValidationError as error:
            raise serializers.ValidationError(
                error.message_dict if hasattr(error, "error_dict") else error.messages
            ) from error
        return Response(FilingOutput(filing).data, status=status.HTTP_201_CREATED)


class FilingDetailApi(APIView):
    @extend_schema(responses={200: FilingOutput})
    def get(self, request, public_id):
        return Response(FilingOutput(access.filing_get_for(request.user, public_id)).data)


class FilingAttachmentApi(APIView):
    parser_classes = [MultiPartParser]

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        content_type = serializers.CharField()
        size = serializers.IntegerField()
        sha256 = serializers.CharField()

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses={201: OutputSerializer},
    )
    def post(self, request, public_id):
        filing = access.filing_get_for(request.user, public_id)
        upload = request.FILES.get("file")
        if upload is None:
            return _fail("no_file", "Send the file in the 'file' field.")
        try:
            attachment = services.filing_attachment_add(filing=filing, upload=upload)
        except AttachmentRefused as refusal:
            return _fail(refusal.code, refusal.message)
        return Response(self.OutputSerializer(attachment).data, status=status.HTTP_201_CREATED)


class FilingManifestApi(APIView):
    """The exact bytes to sign (a canonical JSON of the filing and its attachments)."""

    @extend_schema(responses={(200, "application/json"): bytes})
    def get(self, request, public_id):
        filing = access.filing_get_for(request.user, public_id)
        return HttpResponse(filing_manifest(filing), content_type="application/json")


class FilingSignApi(APIView):
    class InputSerializer(serializers.Serializer):
        cms = serializers.CharField(max_length=200_000)

    @extend_schema(request=InputSerializer, responses={200: FilingOutput})
    def post(self, request, public_id):
        filing = access.filing_get_for(request.user, public_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cms_der = decode_cms(data.validated_data["cms"])
        if not cms_der:
            return _fail("malformed", pki_services.SigningRefused("malformed").message)
        try:
            signing = services.filing_signing_request(filing=filing)
            pki_services.signing_request_sign(
                request=signing, cms_der=cms_der, user=request.user, channel="api"
            )
        except services.FilingError as error:
            return _fail(error.detail.code, error.detail)
        except pki_services.SigningRefused as refusal:
            return _fail(refusal.reason, refusal.message)
        filing = access.filing_get_for(request.user, public_id)
        return Response(FilingOutput(filing).data)


class FilingSubmitApi(APIView):
    class OutputSerializer(FilingOutput):
        checkout_url = serializers.CharField(allow_null=True)

    @extend_schema(request=None, responses={200: OutputSerializer})
    def post(self, request, public_id):
        filing = access.filing_get_for(request.user, public_id)
        try:
            filing = services.filing_submit(filing=filing, acting_user=request.user)
        except services.FilingError as error:
            return _fail(error.detail.code, error.detail)
        except FeeUnknown:
            return _fail("fee_unknown", "The fee cannot be computed automatically.")
        checkout = None
        if filing.status == FilingStatus.AWAITING_PAYMENT:
            from judicial_account.payments.services import invoice_checkout_url

            checkout = invoice_checkout_url(services.filing_invoice(filing=filing))
        body = FilingOutput(filing).data | {"checkout_url": checkout}
        return Response(body)


class FeeQuoteApi(APIView):
    """The state fee a filing would cost, with its legal basis."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    class FilterSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(
            choices=["claim", "counterclaim", "appeal", "cassation"], default="claim"
        )
        category = serializers.SlugRelatedField(
            slug_field="code", queryset=CaseCategory.objects.all()
        )
        applicant = serializers.ChoiceField(
            choices=ApplicantKind.choices, default=ApplicantKind.INDIVIDUAL
        )
        amount = serializers.DecimalField(
            max_digits=16,
            decimal_places=2,
            required=False,
            min_value=Decimal("0.01"),
            max_value=10**12,
        )
        on = serializers.DateField(required=False)

    class OutputSerializer(serializers.Serializer):
        amount = serializers.DecimalField(max_digits=14, decimal_places=2)
        basis = serializers.CharField()
        legal_basis = serializers.CharField()
        exempt = serializers.BooleanField()

    @extend_schema(parameters=[FilterSerializer], responses={200: OutputSerializer})
    def get(self, request):
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        on: dt.date = values.get("on") or timezone.localdate()
        try:
            quote = fee_quote(
                kind=values["kind"],
                category_code=values["category"].code,
                applicant=values["applicant"],
                amount=values.get("amount"),
                on=on,
            )
        except FeeUnknown:
            return _fail(
                "fee_unknown",
                "No fee rate is in force for this on that date.",
                status.HTTP_404_NOT_FOUND,
            )
        return Response(self.OutputSerializer(quote).data)
