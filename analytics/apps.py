from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("Analytics")

    def ready(self) -> None:
        from analytics import forecast_views, wiring
        from cases import panels

        wiring.register()
        panels.register_panel(forecast_views.case_panel)
