from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PkiConfig(AppConfig):
    """Trust store, certificates, CMS verification, signature records, signing of the
    documents the court issues."""

    name = "judicial_account.pki"
    label = "pki"
    verbose_name = _("Digital signatures")
