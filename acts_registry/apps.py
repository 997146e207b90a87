from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActsRegistryConfig(AppConfig):
    name = "acts_registry"
    verbose_name = _("Judicial acts")

    def ready(self) -> None:
        from acts_registry import wiring

        wiring.register()
