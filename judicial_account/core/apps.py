from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares: the database extensions, health, error shapes, task wrapper."""

    name = "judicial_account.core"
    label = "core"
    verbose_name = _("Core")
