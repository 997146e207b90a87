from django.urls import path

from judicial_account.accounts.api.views import AuthLoginApi, EdsChallengeApi, EdsLoginApi, MeApi

urlpatterns = [
    path("auth/login/", AuthLoginApi.as_view(), name="auth-login"),
    path("auth/eds/challenge/", EdsChallengeApi.as_view(), name="auth-eds-challenge"),
    path("auth/eds/login/", EdsLoginApi.as_view(), name="auth-eds-login"),
    path("me/", MeApi.as_view(), name="me"),
]
