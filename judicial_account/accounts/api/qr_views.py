"""The mobile app's side of QR login and QR signing (token-authenticated)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from judicial_account.accounts import qr, services
from judicial_account.accounts.models import QrApproval
from judicial_account.pki import services as pki_services
from judicial_account.pki.verify import decode_cms


def _gone(error: qr.QrError) -> Response:
    return Response({"detail": error.message, "code": error.code}, status=status.HTTP_410_GONE)


def _approval_for(token: str, user) -> QrApproval:
    approval = qr.qr_approval_pending(token)
    if approval.kind == QrApproval.Kind.SIGN and approval.owner_id != user.pk:
        raise qr.QrError("not_yours")
    return approval


class QrDetailApi(APIView):
    """What a scanned code asks for, to show before the person approves."""

    class OutputSerializer(serializers.Serializer):
        kind = serializers.CharField()
        expires_at = serializers.DateTimeField()
        requested_ip = serializers.CharField(allow_null=True)
        user_agent = serializers.CharField()
        document_title = serializers.CharField(allow_null=True)
        document_sha256 = serializers.CharField(allow_null=True)
        document_url = serializers.CharField(allow_null=True)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request, token: str):
        try:
            approval = _approval_for(token, request.user)
        except qr.QrError as error:
            return _gone(error)
        document = approval.signing_request
        return Response(
            self.OutputSerializer(
                {
                    "kind": approval.kind,
                    "expires_at": approval.expires_at,
                    "requested_ip": approval.requested_ip,
                    "user_agent": approval.user_agent,
                    "document_title": document.title if document else None,
                    "document_sha256": document.sha256 if document else None,
                    "document_url": request.build_absolute_uri(
                        f"/accounts/m/qr/{approval.token}/document"
                    )
                    if document
                    else None,
                }
            ).data
        )


class QrApproveApi(APIView):
    """Approve a login shown on another device."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, token: str):
        try:
            qr.qr_login_approve(token=token, user=request.user, ip=services.client_ip(request))
        except qr.QrError as error:
            return _gone(error)
        return Response(status=status.HTTP_204_NO_CONTENT)


class QrSignApi(APIView):
    """Sign the document shown on another device: CMS over its exact bytes."""

    class InputSerializer(serializers.Serializer):
        cms = serializers.CharField(max_length=200_000)

    @extend_schema(request=InputSerializer, responses={204: None})
    def post(self, request, token: str):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cms_der = decode_cms(data.validated_data["cms"])
        try:
            if not cms_der:
                raise pki_services.SigningRefused("malformed")
            qr.qr_sign(token=token, user=request.user, cms_der=cms_der)
        except qr.QrError as error:
            return _gone(error)
        except pki_services.SigningRefused as refusal:
            return Response(
                {"detail": refusal.message, "code": refusal.reason},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(status=status.HTTP_204_NO_CONTENT)
