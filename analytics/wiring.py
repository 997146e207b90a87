"""What analytics contributes to the lower apps' pages (see cases.panels), in one place."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from analytics import case_law_views
    from cases import panels, timeline

    panels.register_panel(case_law_views.case_panel)
    timeline.register_event_kind("analytics.consulted", _("The judge consulted case-law analytics"))
