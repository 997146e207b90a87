"""Labels of case timeline entries. Each app registers the kinds it writes (in its
AppConfig.ready), so cases never imports the apps that add to a case's history."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_LABELS: dict[str, Promise] = {}


def register_event_kind(kind: str, label: Promise) -> None:
    if kind in _LABELS:
        raise ValueError(f"Case event kind {kind!r} is registered twice")
    _LABELS[kind] = label


def event_label(kind: str, details: dict) -> str:
    label = _LABELS.get(kind)
    if label is None:
        return kind
    try:
        return str(label) % details
    except (KeyError, TypeError, ValueError):
        return str(label)


register_event_kind("case.registered", _("Case registered as %(number)s"))
register_event_kind("case.judge_assigned", _("Judge assigned: %(judge)s"))
register_event_kind("case.status_changed", _("Status changed to %(status)s"))
register_event_kind("case.representative_added", _("Representative admitted: %(name)s"))
register_event_kind("case.document_filed", _("%(kind_label)s filed by %(author)s"))
