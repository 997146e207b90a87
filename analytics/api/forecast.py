"""API: outcome forecast and non-standard decision flags.

POST /api/v1/analytics/forecast/   {text | case_id, model?} -> probabilities per outcome,
                                    the drivers, similar acts, awarded share, disclaimer
GET  /api/v1/analytics/nonstandard/ flags the asker may review (see analytics.access)

A forecast for a case: whoever may read the case (else 404, as for a missing case). For a
free text: any signed-in user. Anonymous visitors are refused: an outcome estimate is the
kind of answer that must be traceable to who asked it (the AI log keeps the asker), and it
costs the CPU a similar-case search plus the model. The answer carries the log entry's id;
POST /api/v1/analytics/answers/<id>/wrong/ marks it wrong. Bad input is a 400
{"detail", "code"}: empty_text, text_too_long, no_words, unsupported_script, text_or_case,
unknown_model.
"""

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics import access, embeddings
from analytics.api.throttles import AI_THROTTLES
from analytics.artifacts import DEFAULT_OUTCOME_MODEL, BadModelName, UnknownModel
from analytics.forecast import forecast
from analytics.nonstandard import flag_as_dict
from judicial_account.core.api import ApplicationError


def checked_text(text: str | None) -> str:
    try:
        return embeddings.text_check(text)
    except embeddings.TextRejected as problem:
        raise ApplicationError(problem.message, code=problem.code) from None


def forecast_or_400(**kwargs):
    try:
        return forecast(**kwargs)
    except (UnknownModel, BadModelName):
        raise ApplicationError(
            _("There is no trained model by that name."), code="unknown_model"
        ) from None


class OutcomeForecastApi(APIView):
    """How often similar texts ended each way (calibrated), why, and similar acts."""

    permission_classes = [IsAuthenticated]
    throttle_classes = AI_THROTTLES

    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(required=False, trim_whitespace=False, allow_blank=True)
        case_id = serializers.IntegerField(required=False, min_value=1)
        model = serializers.CharField(
            required=False, default=DEFAULT_OUTCOME_MODEL, max_length=200, allow_blank=False
        )

    @extend_schema(
        operation_id="analytics_forecast",
        request=InputSerializer,
        responses={200: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if ("text" in values) == ("case_id" in values):
            raise ApplicationError(_("Send either a text or a case."), code="text_or_case")
        if "case_id" in values:
            case = access.forecast_case_get_for(request.user, values["case_id"])
            result = forecast_or_400(user=request.user, case=case, model_name=values["model"])
        else:
            text = checked_text(values["text"])
            result = forecast_or_400(user=request.user, text=text, model_name=values["model"])
        return Response(result.as_dict())


class NonStandardFlagListApi(APIView):
    """Non-standard decision flags the asker may review, most unusual first."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="analytics_nonstandard_list",
        request=None,
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        flags = access.nonstandard_flags_for(request.user)[:200]
        return Response({"results": [flag_as_dict(flag) for flag in flags]})


urlpatterns = [
    path("forecast/", OutcomeForecastApi.as_view(), name="forecast"),
    path("nonstandard/", NonStandardFlagListApi.as_view(), name="nonstandard"),
]
