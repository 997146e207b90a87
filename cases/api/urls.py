from django.urls import path

from cases.api.views import CaseDetailApi, CaseDocumentsApi, CaseListApi, PublicCaseSearchApi

urlpatterns = [
    path("cases/", CaseListApi.as_view(), name="case-list"),
    path("cases/<int:case_id>/", CaseDetailApi.as_view(), name="case-detail"),
    path("cases/<int:case_id>/documents/", CaseDocumentsApi.as_view(), name="case-documents"),
    path("public/cases/", PublicCaseSearchApi.as_view(), name="public-case-search"),
]
