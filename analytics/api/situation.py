"""API: the situation center's indicators.

GET /api/v1/analytics/indicators/          the catalogue: code, names (ru, kk, en), the
                                           definition, unit and group of each indicator
GET /api/v1/analytics/indicators/values/   ?codes=a,b&level=court&unit=D1&from=&to=&series=1
                                           values (and monthly series) for one unit

Access as on the page (analytics.access): judges their own figures, the chairman their
court and its judges, analysts and administrators everything; anyone else 403. Errors are
{"detail", "code"}: 400 unknown_indicator, unknown_level, unit_required, unknown_unit,
invalid_date, reversed_range, range_too_long, too_many_codes; 403 not_allowed,
unit_not_allowed (a unit outside the user's reach), not_authenticated.
"""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics import access
from analytics.indicators import INDICATORS, Group
from analytics.situation import QueryError, Unit, situation_query_parse


class SituationCenterPermission(BasePermission):
    """A thin adapter over analytics.access."""

    def has_permission(self, request, view) -> bool:
        return access.may_use_situation_center(request.user)


class SituationQueryError(exceptions.APIException):
    def __init__(self, error: QueryError):
        self.status_code = error.status
        super().__init__(detail=error.message, code=error.code)


class IndicatorCatalogueApi(APIView):
    """Every indicator the situation center computes."""

    permission_classes = [SituationCenterPermission]

    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField()
        name = serializers.CharField()
        names = serializers.DictField(child=serializers.CharField())
        definition = serializers.CharField()
        unit = serializers.CharField()
        unit_label = serializers.CharField()
        group = serializers.CharField()
        group_label = serializers.CharField()
        has_series = serializers.BooleanField()

    @extend_schema(
        operation_id="analytics_indicators_list", responses={200: OutputSerializer(many=True)}
    )
    def get(self, request):
        rows = [
            {
                "code": i.code,
                "name": i.name,
                "names": i.names,
                "definition": str(i.definition),
                "unit": i.unit,
                "unit_label": str(Unit.LABELS[i.unit]),
                "group": i.group,
                "group_label": str(Group.LABELS[i.group]),
                "has_series": i.has_series,
            }
            for i in INDICATORS
        ]
        return Response(self.OutputSerializer(rows, many=True).data)


class IndicatorValuesApi(APIView):
    """Values of the indicators asked for (all, if none) for one unit and period."""

    permission_classes = [SituationCenterPermission]

    @extend_schema(
        operation_id="analytics_indicators_values",
        parameters=[
            OpenApiParameter("codes", str, description="comma-separated codes; all if empty"),
            OpenApiParameter("level", str, enum=["national", "region", "court", "judge"]),
            OpenApiParameter("unit", str, description="region or court code, or judge id"),
            OpenApiParameter("from", str, description="YYYY-MM-DD"),
            OpenApiParameter("to", str, description="YYYY-MM-DD"),
            OpenApiParameter("series", bool, description="add monthly series"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        everything = tuple(i.code for i in INDICATORS)
        try:
            query = situation_query_parse(
                request.user, request.query_params, default_codes=everything
            )
        except QueryError as error:
            raise SituationQueryError(error) from None
        with_series = request.query_params.get("series", "") in ("1", "true", "yes")
        scope, period = query.scope, query.period
        results = []
        for indicator in query.indicators:
            row = {
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "value": indicator.value(scope, period),
            }
            if with_series:
                series = indicator.series(scope, period)
                row["series"] = (
                    None
                    if series is None
                    else [{"month": m.strftime("%Y-%m"), "value": v} for m, v in series.items()]
                )
            results.append(row)
        return Response(
            {
                "level": scope.level,
                "unit": scope.key,
                "unit_name": scope.label,
                "from": period.start.isoformat(),
                "to": period.end.isoformat(),
                "results": results,
            }
        )


urlpatterns = [
    path("indicators/", IndicatorCatalogueApi.as_view(), name="analytics-indicators"),
    path("indicators/values/", IndicatorValuesApi.as_view(), name="analytics-indicator-values"),
]
