"""One shape for every API error: {"detail": ..., "code": ...} in the user's language."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class ApplicationError(exceptions.APIException):
    """A domain rule said no; the message is meant for the user."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "application_error"


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"detail": _("The request is too large."), "code": "request_too_large"},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError(_("The request could not be read."))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "detail": _("Some fields are not valid."),
            "code": "invalid",
            "errors": response.data,
        }
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data["code"] = getattr(exc, "default_code", "error")
        if hasattr(response.data["detail"], "code"):
            response.data["code"] = response.data["detail"].code
    return response


class PortalAutoSchema(AutoSchema):
    """Our API views nest their serializers as `InputSerializer` / `OutputSerializer`;
    name their schema components after the view (AuthLoginInput, EdsLoginOutput, ...) so
    that views do not collide in the OpenAPI document."""

    def _get_serializer_name(self, serializer, direction, bypass_extensions=False) -> str:
        name = super()._get_serializer_name(serializer, direction, bypass_extensions)
        cls = serializer if isinstance(serializer, type) else type(serializer)
        owner, _, inner = cls.__qualname__.rpartition(".")
        if owner and inner.endswith("Serializer"):
            return owner.removesuffix("Api") + inner.removesuffix("Serializer")
        return name
