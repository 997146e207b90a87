from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Courts and cases")

    def ready(self) -> None:
        from cases import delivery, timeline
        from notifications import proofs

        proofs.register("cases.case", delivery.on_notice_event)
        timeline.register_event_kind(
            "notice.delivered", _("Notice delivered to %(name)s (%(channel)s)")
        )
