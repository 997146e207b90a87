from django.urls import path, re_path

from judicial_account.pki import pages, tsa, views

app_name = "pki"
urlpatterns = [
    path("sign/", pages.signing_list, name="signing_list"),
    path("sign/<uuid:public_id>/", pages.signing_detail, name="signing_detail"),
    path("sign/<uuid:public_id>/file", pages.signing_file, name="signing_file"),
    path("sign/<uuid:public_id>/sign", pages.signing_sign, name="signing_sign"),
    path("sign/<uuid:public_id>/signature.p7s", pages.signing_signature, name="signing_signature"),
    path("sign/<uuid:public_id>/reverify", pages.signing_reverify, name="signing_reverify"),
    path("sign/<uuid:public_id>/receipt.pdf", pages.signing_receipt, name="signing_receipt"),
    path("sign/<uuid:public_id>/portal.p7s", pages.signing_portal_cms, name="signing_portal_cms"),
    path("tsa", tsa.timestamp, name="tsa"),
    path("crl/<slug:name>.crl", views.published_file, {"kind": "crl"}, name="crl"),
    re_path(r"^ca/(?P<name>[a-z]+)\.pem$", views.published_file, {"kind": "ca"}, name="ca"),
]
