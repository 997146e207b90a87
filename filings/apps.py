from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "filings"
    verbose_name = _("Filings")

    def ready(self) -> None:
        # A paid state fee moves the claim on; payments calls us, never the other way.
        from filings import services
        from judicial_account.payments import payment_hooks

        payment_hooks.register("state_fee", services.filing_fee_paid_hook)
        payment_hooks.register(
            "state_fee", services.filing_fee_reminder_hook, event=payment_hooks.REMINDER
        )

        from cases import panels
        from filings.models import REVIEW_KINDS, FilingKind

        panels.register_filing_kinds(
            # Appeals and cassation start from the act they challenge (filings.reviews).
            lambda: [
                (k.value, k.label)
                for k in FilingKind
                if k != FilingKind.CLAIM and k not in REVIEW_KINDS
            ]
        )
