from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HearingsConfig(AppConfig):
    name = "hearings"
    verbose_name = _("Hearings")

    def ready(self) -> None:
        from cases import panels, timeline
        from hearings import views

        panels.register_panel(views.case_panel)
        from hearings import mediation_views

        panels.register_panel(mediation_views.case_panel)
        panels.register_next_hearing(views.next_hearing_of)
        timeline.register_event_kind("hearing.scheduled", _("Hearing scheduled for %(when)s"))
        timeline.register_event_kind(
            "mediation.approved", _("Settlement approved; the case is closed")
        )
