from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from judicial_account.accounts import eds, services
from judicial_account.accounts.identifiers import validate_iin
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record


class UserOutput(serializers.Serializer):
    iin = serializers.CharField()
    full_name = serializers.CharField()
    role = serializers.CharField()
    language = serializers.CharField()


class AuthLoginApi(APIView):
    """IIN + password (+ one-time code for staff roles) → an API token."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    class InputSerializer(serializers.Serializer):
        iin = serializers.CharField(max_length=12, validators=[validate_iin])
        password = serializers.CharField(max_length=256, trim_whitespace=False)
        otp = serializers.CharField(max_length=8, required=False, allow_blank=True)

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()
        user = UserOutput()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ip = services.client_ip(request)
        try:
            user = services.login_check_password(
                iin=data.validated_data["iin"], password=data.validated_data["password"], ip=ip
            )
            services.login_check_otp(user=user, token=data.validated_data.get("otp"), ip=ip)
        except services.LoginError as error:
            return _refusal(error)
        return _token_response(request, user, channel="api")


class MeApi(APIView):
    @extend_schema(responses={200: UserOutput})
    def get(self, request):
        return Response(UserOutput(request.user).data)


def _token_response(request, user, *, channel: str) -> Response:
    ip = services.client_ip(request)
    services.login_succeeded(user=user, ip=ip, channel=channel)
    token, created = Token.objects.get_or_create(user=user)
    if created:
        audit_record(user, AuditAction.TOKEN_ISSUED, ip=ip)
    return Response(AuthLoginApi.OutputSerializer({"token": token.key, "user": user}).data)


def _refusal(error: services.LoginError) -> Response:
    http = status.HTTP_423_LOCKED if error.code == "locked" else status.HTTP_401_UNAUTHORIZED
    return Response({"detail": error.message, "code": error.code}, status=http)


class EdsChallengeApi(APIView):
    """A one-time nonce to sign with the authentication key (valid for a short time)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    class OutputSerializer(serializers.Serializer):
        nonce = serializers.CharField()
        expires_in = serializers.IntegerField()

    @extend_schema(request=None, responses={200: OutputSerializer})
    def post(self, request):
        from django.conf import settings

        nonce = eds.eds_challenge_issue()
        return Response({"nonce": nonce, "expires_in": settings.EDS_CHALLENGE_SECONDS})


class EdsLoginApi(APIView):
    """The nonce signed (CMS, base64 of DER, detached or attached) → an API token for the
    person the certificate names. Staff roles still give their one-time code."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    class InputSerializer(serializers.Serializer):
        nonce = serializers.CharField(max_length=100)
        cms = serializers.CharField(max_length=200_000)
        otp = serializers.CharField(max_length=8, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={200: AuthLoginApi.OutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ip = services.client_ip(request)
        try:
            user = eds.login_check_eds(
                nonce=data.validated_data["nonce"], cms_b64=data.validated_data["cms"], ip=ip
            )
            services.login_check_otp(user=user, token=data.validated_data.get("otp"), ip=ip)
        except services.LoginError as error:
            return _refusal(error)
        return _token_response(request, user, channel="eds")
