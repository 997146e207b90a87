from django.urls import path

from judicial_account.payments.api.views import InvoiceDetailApi

urlpatterns = [
    path("invoices/<uuid:public_id>/", InvoiceDetailApi.as_view(), name="payments-invoice"),
]
