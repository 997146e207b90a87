from django.urls import path

from judicial_account.accounts.api.views import AuthLoginApi, MeApi

urlpatterns = [
    path("auth/login/", AuthLoginApi.as_view(), name="auth-login"),
    path("me/", MeApi.as_view(), name="me"),
]
