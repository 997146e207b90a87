from django.urls import path

from judicial_account.payments import views

app_name = "payments"
urlpatterns = [
    path("callback/", views.callback, name="callback"),
    path("sandbox/<uuid:public_id>/", views.sandbox_checkout, name="sandbox_checkout"),
    path("<uuid:public_id>/", views.invoice_detail, name="invoice_detail"),
]
