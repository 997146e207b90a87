from django.urls import path

from filings.api import views

urlpatterns = [
    path("filings/", views.FilingCreateApi.as_view(), name="filing-create"),
    path("filings/<uuid:public_id>/", views.FilingDetailApi.as_view(), name="filing-detail"),
    path(
        "filings/<uuid:public_id>/attachments/",
        views.FilingAttachmentApi.as_view(),
        name="filing-attachments",
    ),
    path(
        "filings/<uuid:public_id>/manifest/",
        views.FilingManifestApi.as_view(),
        name="filing-manifest",
    ),
    path("filings/<uuid:public_id>/sign/", views.FilingSignApi.as_view(), name="filing-sign"),
    path("filings/<uuid:public_id>/submit/", views.FilingSubmitApi.as_view(), name="filing-submit"),
    path("fees/quote/", views.FeeQuoteApi.as_view(), name="fee-quote"),
]
