"""Outside channels: SMS and e-mail. The "local" backend records messages in the outbox
table instead of sending them and reports SMS delivery at once, like a gateway would; it
can be told to fail the next N attempts, to exercise retries."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail


class ChannelError(Exception):
    """The gateway did not take the message; the task retries with backoff."""


def local_fail_next(channel: str, times: int) -> None:
    """Make the local backend refuse the next `times` messages of `channel` (tests)."""
    cache.set(f"notifications:fail:{channel}", times, timeout=3600)


def _should_fail(channel: str) -> bool:
    key = f"notifications:fail:{channel}"
    remaining = cache.get(key) or 0
    if remaining <= 0:
        return False
    cache.set(key, remaining - 1, timeout=3600)
    return True


def send(*, channel: str, address: str, subject: str, body: str) -> str:
    """Send one message; returns the gateway's message id. Raises ChannelError."""
    if settings.NOTIFICATIONS_BACKEND == "local":
        from notifications.models import OutboxMessage

        if _should_fail(channel):
            raise ChannelError("local gateway told to fail")
        message = OutboxMessage.objects.create(
            channel=channel,
            address=address,
            subject=subject[:255],
            body=body,
            external_id=uuid.uuid4().hex,
        )
        return message.external_id
    if channel == "email":
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        except OSError as error:
            raise ChannelError(str(error)) from error
        return uuid.uuid4().hex
    raise ChannelError(f"no gateway configured for {channel}")


def reports_delivery_at_once() -> bool:
    """The local SMS gateway confirms delivery immediately; a real one calls back later."""
    return settings.NOTIFICATIONS_BACKEND == "local"
