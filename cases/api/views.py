from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from cases import access, panels, selectors


class PartyOutput(serializers.Serializer):
    role = serializers.CharField()
    name = serializers.CharField()
    iin = serializers.CharField()
    bin = serializers.CharField()


class CaseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    court = serializers.CharField(source="court.code")
    court_name = serializers.CharField(source="court.name")
    category = serializers.CharField(source="category.code")
    subject = serializers.CharField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    proceedings = serializers.CharField()
    instance = serializers.CharField()
    status = serializers.CharField()
    is_closed_session = serializers.BooleanField()
    judge = serializers.CharField(source="judge.full_name", allow_null=True, default=None)
    registered_at = serializers.DateTimeField()
    parties = PartyOutput(many=True)


class CaseListApi(APIView):
    """My cases (parties, representatives) or my court's cases (staff)."""

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(required=False, max_length=100, allow_blank=True)
        status = serializers.CharField(required=False, max_length=16, allow_blank=True)
        category = serializers.CharField(required=False, max_length=32, allow_blank=True)
        mine = serializers.BooleanField(required=False)

    @extend_schema(parameters=[FilterSerializer], responses={200: CaseOutput(many=True)})
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        cases = selectors.case_list_for_user(user=request.user, filters=filters.validated_data)
        paginator = PageNumberPagination()
        paginator.page_size = 25
        page = paginator.paginate_queryset(cases, request, view=self)
        return paginator.get_paginated_response(CaseOutput(page, many=True).data)


class CaseDetailApi(APIView):
    @extend_schema(responses={200: CaseOutput})
    def get(self, request, case_id: int):
        case = access.case_get_for(request.user, case_id)
        return Response(CaseOutput(case).data)


class PublicCaseSearchApi(APIView):
    """Find a Case: open cases by number, with individuals' names masked."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    class OutputSerializer(serializers.Serializer):
        number = serializers.CharField()
        court = serializers.CharField()
        category = serializers.CharField()
        status = serializers.CharField()
        parties = serializers.ListField(child=serializers.DictField())
        next_hearing = serializers.DateTimeField(allow_null=True)

    @extend_schema(
        parameters=[OpenApiParameter("number", str, required=True)],
        responses={200: OutputSerializer(many=True)},
    )
    def get(self, request):
        cases = selectors.public_case_find(number=request.query_params.get("number", ""))
        rows = [
            {
                "number": c.number,
                "court": c.court.name,
                "category": c.category.name,
                "status": c.get_status_display(),
                "parties": [
                    {"role": p.get_role_display(), "name": selectors.public_party_name(p)}
                    for p in c.parties.all()
                ],
                "next_hearing": panels.next_hearing(c),
            }
            for c in cases
        ]
        return Response(self.OutputSerializer(rows, many=True).data)


class CaseDocumentsApi(APIView):
    """The e-case file: every document in order, with its hash and signature status."""

    class OutputSerializer(serializers.Serializer):
        position = serializers.IntegerField()
        kind = serializers.CharField()
        title = serializers.CharField()
        file_name = serializers.CharField()
        content_type = serializers.CharField()
        size = serializers.IntegerField()
        sha256 = serializers.CharField()
        filed_at = serializers.DateTimeField()
        filed_by = serializers.CharField(source="filed_by.full_name", allow_null=True, default=None)
        signed_by = serializers.CharField(
            source="signature.signer_name", allow_null=True, default=None
        )
        signature_valid = serializers.BooleanField(
            source="signature.valid", allow_null=True, default=None
        )
        chain_hash = serializers.CharField()

    @extend_schema(responses={200: OutputSerializer(many=True)})
    def get(self, request, case_id: int):
        case = access.case_get_for(request.user, case_id)
        documents = case.documents.select_related("signature", "filed_by")
        return Response(self.OutputSerializer(documents, many=True).data)
