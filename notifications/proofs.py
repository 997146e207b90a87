"""Proof of delivery, handed to whoever owns the notice's subject (cases files it into
the e-case file) without notifications importing them. A hook registered for a subject
prefix ("cases.case") is called as hook(notification, event, channel, at) after commit,
with event "delivered" (opened in the portal, or the SMS gateway reported delivery) or
"failed" (every attempt on a channel failed)."""

from collections.abc import Callable

from django.db import transaction

_HOOKS: dict[str, list[Callable]] = {}


def register(subject_prefix: str, hook: Callable) -> None:
    hooks = _HOOKS.setdefault(subject_prefix, [])
    if hook not in hooks:
        hooks.append(hook)


def emit_on_commit(notification, event: str, channel: str, at) -> None:
    if not notification.subject_ref:
        return
    prefix = notification.subject_ref.split(":", 1)[0]
    for hook in _HOOKS.get(prefix, []):
        transaction.on_commit(lambda hook=hook: hook(notification, event, channel, at), robust=True)
