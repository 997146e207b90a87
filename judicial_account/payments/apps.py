from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    """State-fee invoices and the payment gateway adapter (with its local sandbox)."""

    name = "judicial_account.payments"
    label = "payments"
    verbose_name = _("Payments")
