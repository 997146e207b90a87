"""API: the public register of judicial acts.

GET /api/v1/acts/       search (the same query, filters, facets and sort as /register/)
GET /api/v1/acts/{id}/  one act: its public fields and depersonalised text

Anonymous, throttled like the other public endpoints. Bad parameters (a bad date, an
unknown sort, page_size outside 1..100, page outside 1..10,000) are answered 400 with
{"detail", "code": "invalid", "errors"}; a page past the results is an empty page.
"""

from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from acts_registry import access
from acts_registry.api.serializers import (
    TERM_FILTERS,
    RegisterActSerializer,
    RegisterFilterSerializer,
    RegisterListSerializer,
)
from acts_registry.register_search import facet_choices, register_search, result_rows
from acts_registry.search import Filters, Sort


class ActRegisterListApi(APIView):
    """Search the register: acts in legal force of open cases, depersonalised."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        operation_id="acts_register_list",
        parameters=[RegisterFilterSerializer],
        responses={200: RegisterListSerializer},
    )
    def get(self, request):
        params = RegisterFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        filters = Filters(
            issued_from=data.get("issued_from"),
            issued_to=data.get("issued_to"),
            **{name: tuple(data.get(name, ())) for name in TERM_FILTERS},
        )
        result = register_search(
            q=data.get("q", ""),
            filters=filters,
            sort=Sort(data["sort"]),
            page=data["page"],
            page_size=data["page_size"],
        )
        body = {
            "count": result.total,
            "page": result.page,
            "page_size": result.page_size,
            "next": self._page_url(request, result.page + 1) if result.has_next else None,
            "previous": self._page_url(request, result.page - 1) if result.page > 1 else None,
            "results": [_hit_body(request, row) for row in result_rows(result)],
            "facets": {
                name: [{"value": c.value, "name": c.name, "count": c.count} for c in choices]
                for name, choices in facet_choices(result).items()
            },
        }
        return Response(RegisterListSerializer(body).data)

    @staticmethod
    def _page_url(request, page: int) -> str:
        query = request.query_params.copy()
        query["page"] = str(page)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _hit_body(request, row) -> dict:
    hit = row.hit
    return {
        "id": row.id,
        "url": request.build_absolute_uri(reverse("api:act-register-detail", args=[row.id])),
        "case_number": hit.case_number,
        "court": hit.court,
        "court_name": row.court_name,
        "region": hit.region,
        "instance": hit.instance,
        "category": hit.category,
        "kind": hit.kind,
        "outcome": hit.outcome,
        "issued_on": hit.issued,
        "snippet": str(hit.snippet),
        "score": hit.score,
    }


class ActRegisterDetailApi(APIView):
    """One act of the register. Acts the public may not see answer 404, like missing ones."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    @extend_schema(operation_id="acts_register_retrieve", responses={200: RegisterActSerializer})
    def get(self, request, act_id: int):
        act = access.public_act_get(act_id)
        code = act.verification_code
        act.url = request.build_absolute_uri(reverse("register:act", args=[act.pk]))
        act.pdf_url = request.build_absolute_uri(reverse("register:act_pdf", args=[act.pk]))
        act.verification_url = request.build_absolute_uri(f"/verify/{code}/") if code else None
        return Response(RegisterActSerializer(act).data)


urlpatterns = [
    path("acts/", ActRegisterListApi.as_view(), name="act-register-list"),
    path("acts/<int:act_id>/", ActRegisterDetailApi.as_view(), name="act-register-detail"),
]
