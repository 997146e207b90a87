from django.urls import path

from judicial_account.accounts import qr_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/eds/", views.login_eds_view, name="login_eds"),
    path("login/code/", views.login_otp_view, name="login_otp"),
    path("logout/", views.logout_view, name="logout"),
    path("register/", views.register_view, name="register"),
    path("profile/", views.profile_view, name="profile"),
    path("login/qr/new", qr_views.qr_login_new, name="qr_login_new"),
    path("login/qr/complete", qr_views.qr_login_complete, name="qr_login_complete"),
    path("qr/sign/<uuid:public_id>/new", qr_views.qr_sign_new, name="qr_sign_new"),
    path("qr/sign/<uuid:public_id>/status", qr_views.qr_signing_status, name="qr_sign_status"),
    path("m/qr/<str:token>/", qr_views.qr_phone, name="qr_phone"),
    path("m/qr/<str:token>/approve", qr_views.qr_phone_approve, name="qr_phone_approve"),
    path("m/qr/<str:token>/document", qr_views.qr_phone_document, name="qr_phone_document"),
    path("m/qr/<str:token>/sign", qr_views.qr_phone_sign, name="qr_phone_sign"),
]
