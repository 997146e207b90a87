"""The one way any app tells a person something. Events carry what the notice needs, so
this app never imports the apps that call it."""

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from notifications.models import Notification
from notifications.push import push_on_commit


def notify(
    *,
    recipient,
    kind: str,
    title,
    body="",
    link: str = "",
    idempotency_key: str,
    params: dict | None = None,
) -> Notification:
    """Store an in-app notice rendered in the recipient's language. `title` and `body`
    should be lazy translations (gettext_lazy) with %(name)s placeholders filled from
    `params`; they are rendered here, once, under the recipient's language.
    Calling again with the same idempotency key returns the first notice unchanged."""
    with translation.override(recipient.language):
        rendered_title, rendered_body = str(title), str(body)
        if params:
            rendered_title, rendered_body = rendered_title % params, rendered_body % params
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                title=rendered_title,
                body=rendered_body,
                link=link,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        return Notification.objects.get(recipient=recipient, idempotency_key=idempotency_key)
    push_on_commit(
        user_id=recipient.pk,
        event={"event": "notification", "id": notification.pk, "title": rendered_title},
    )
    return notification


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, recipient) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(
        read_at=timezone.now()
    )
