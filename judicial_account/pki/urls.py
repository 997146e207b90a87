from django.urls import path, re_path

from judicial_account.pki import views

app_name = "pki"
urlpatterns = [
    path("crl/<slug:name>.crl", views.published_file, {"kind": "crl"}, name="crl"),
    re_path(r"^ca/(?P<name>[a-z]+)\.pem$", views.published_file, {"kind": "ca"}, name="ca"),
]
