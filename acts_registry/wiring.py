"""What this app contributes to the lower apps' pages (see cases.panels), in one place."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from acts_registry import views
    from cases import panels, timeline

    panels.register_panel(views.case_panel)
    timeline.register_event_kind("act.issued", _("%(title)s issued: %(outcome)s"))
    timeline.register_event_kind("act.in_force", _("%(title)s entered into legal force"))
    timeline.register_event_kind(
        "act.appealed", _("%(title)s challenged: case %(number)s in %(court)s")
    )
    timeline.register_event_kind("act.reviewed", _("%(title)s reviewed by %(court)s: %(outcome)s"))
