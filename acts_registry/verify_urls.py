"""The public authenticity check: /verify/ (enter a code or upload a PDF) and
/verify/<code>/, where the QR code on every act points."""

from django.urls import path

from acts_registry import verify_views

app_name = "verify"

urlpatterns = [
    path("", verify_views.verify_home, name="home"),
    path("check/", verify_views.verify_upload, name="upload"),
    path("<str:code>/", verify_views.verify_act, name="act"),
    path("<str:code>/public.pdf", verify_views.verify_public_pdf, name="public_pdf"),
]
