from django.urls import path

from judicial_account.accounts.api.qr_views import QrApproveApi, QrDetailApi, QrSignApi
from judicial_account.accounts.api.views import AuthLoginApi, EdsChallengeApi, EdsLoginApi, MeApi

urlpatterns = [
    path("auth/login/", AuthLoginApi.as_view(), name="auth-login"),
    path("auth/eds/challenge/", EdsChallengeApi.as_view(), name="auth-eds-challenge"),
    path("auth/eds/login/", EdsLoginApi.as_view(), name="auth-eds-login"),
    path("me/", MeApi.as_view(), name="me"),
    path("qr/<str:token>/", QrDetailApi.as_view(), name="qr-detail"),
    path("qr/<str:token>/approve/", QrApproveApi.as_view(), name="qr-approve"),
    path("qr/<str:token>/sign/", QrSignApi.as_view(), name="qr-sign"),
]
