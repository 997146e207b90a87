"""The one way any app tells a person something. Events carry what the notice needs, so
this app never imports the apps that call it."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from notifications import proofs
from notifications.models import Channel, Delivery, DeliveryStatus, Notification, Preference
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
    external: bool = False,
    subject_ref: str = "",
) -> Notification:
    """Store an in-app notice rendered in the recipient's language. `title` and `body`
    should be lazy translations (gettext_lazy) with %(name)s placeholders filled from
    `params`; they are rendered here, once, under the recipient's language.
    Calling again with the same idempotency key returns the first notice unchanged.
    `external` notices (summonses, court notices) also go by SMS to the number in the
    mobile-numbers registry and by e-mail, as the person's preferences allow; delivery
    proofs go to whoever registered for `subject_ref` (see proofs.py)."""
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
                subject_ref=subject_ref,
            )
            if external:
                _deliveries_create(notification)
    except IntegrityError:
        return Notification.objects.get(recipient=recipient, idempotency_key=idempotency_key)
    push_on_commit(
        user_id=recipient.pk,
        event={"event": "notification", "id": notification.pk, "title": rendered_title},
    )
    return notification


def notification_mark_read(*, notification: Notification) -> None:
    """The person opened the notice in the portal: that is delivery, and is proved."""
    if notification.read_at is None:
        with transaction.atomic():
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
            proofs.emit_on_commit(notification, "delivered", "portal", notification.read_at)


def notifications_mark_all_read(*, recipient) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def _deliveries_create(notification: Notification) -> None:
    """SMS to the person's registered number and e-mail to their address, each sent by
    a Celery task after commit (with retries); one delivery per channel, never two."""
    person = notification.recipient
    preference = Preference.objects.filter(user=person).first()
    wanted = []
    if person.phone and (preference is None or preference.sms):
        wanted.append((Channel.SMS, person.phone))
    if person.email and (preference is None or preference.email):
        wanted.append((Channel.EMAIL, person.email))
    for channel, address in wanted:
        delivery = Delivery.objects.create(
            notification=notification, channel=channel, address=address
        )
        transaction.on_commit(lambda pk=delivery.pk: _deliver_enqueue(pk))


def _deliver_enqueue(delivery_id: int) -> None:
    from notifications.tasks import delivery_send_task

    delivery_send_task.delay(delivery_id)


def delivery_send(*, delivery_id: int) -> Delivery:
    """Send one delivery; raises gateways.ChannelError for the task to retry. The row is
    locked while sending, so two copies of the task never both send; each attempt is
    counted even when it fails."""
    from notifications import gateways

    Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).update(
        attempts=F("attempts") + 1
    )
    failure = None
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update().select_related("notification").get(pk=delivery_id)
        )
        if delivery.status != DeliveryStatus.PENDING:
            return delivery  # a retried task after a send that did go through
        notification = delivery.notification
        text = f"{notification.title}. {notification.body}".strip()
        try:
            external_id = gateways.send(
                channel=delivery.channel,
                address=delivery.address,
                subject=notification.title,
                body=text,
            )
        except gateways.ChannelError as error:
            failure = error
        else:
            delivery.status = DeliveryStatus.SENT
            delivery.external_id = external_id
            delivery.sent_at = timezone.now()
            delivery.save(update_fields=["status", "external_id", "sent_at"])
    if failure is not None:
        Delivery.objects.filter(pk=delivery_id).update(last_error=str(failure)[:255])
        raise failure
    if delivery.channel == Channel.SMS and gateways.reports_delivery_at_once():
        delivery_report(external_id=external_id, delivered=True)
        delivery.refresh_from_db()
    return delivery


@transaction.atomic
def delivery_report(*, external_id: str, delivered: bool) -> Delivery | None:
    """The gateway's delivery report (SMS): delivered, or not deliverable."""
    delivery = (
        Delivery.objects.select_for_update()
        .select_related("notification")
        .filter(external_id=external_id)
        .first()
    )
    if delivery is None or delivery.status in (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED):
        return delivery
    delivery.status = DeliveryStatus.DELIVERED if delivered else DeliveryStatus.FAILED
    delivery.delivered_at = timezone.now() if delivered else None
    delivery.save(update_fields=["status", "delivered_at"])
    proofs.emit_on_commit(
        delivery.notification,
        "delivered" if delivered else "failed",
        delivery.channel,
        timezone.now(),
    )
    return delivery


@transaction.atomic
def delivery_failed(*, delivery_id: int, error: str) -> None:
    """Every attempt failed: the notice is not served by this channel."""
    delivery = (
        Delivery.objects.select_for_update().select_related("notification").get(pk=delivery_id)
    )
    if delivery.status != DeliveryStatus.PENDING:
        return
    delivery.status = DeliveryStatus.FAILED
    delivery.last_error = error[:255]
    delivery.save(update_fields=["status", "last_error"])
    proofs.emit_on_commit(delivery.notification, "failed", delivery.channel, timezone.now())


def digests_send(*, now=None) -> int:
    """Once a day: one e-mail per person who asked for it, listing the notices of the last
    day they have not opened and that were not sent outside already. Returns how many
    e-mails went out."""
    from notifications import gateways

    now = now or timezone.now()
    since = now - dt.timedelta(days=1)
    sent = 0
    people = Preference.objects.filter(digest=True).exclude(user__email="").select_related("user")
    for preference in people:
        person = preference.user
        pending = Notification.objects.filter(
            recipient=person,
            read_at__isnull=True,
            digested_at__isnull=True,
            created_at__gte=since,
            deliveries__isnull=True,
        ).order_by("created_at")
        notices = list(pending)
        if not notices:
            continue
        with translation.override(person.language):
            subject = str(_("Judicial Account: %(n)s new notices") % {"n": len(notices)})
        body = "\n".join(f"- {n.title}" for n in notices)
        try:
            gateways.send(channel=Channel.EMAIL, address=person.email, subject=subject, body=body)
        except gateways.ChannelError:
            continue  # tomorrow's digest still includes them
        Notification.objects.filter(pk__in=[n.pk for n in notices]).update(digested_at=now)
        sent += 1
    return sent
