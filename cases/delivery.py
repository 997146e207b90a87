"""Proof of service for court notices about a case: a delivered notice is filed into the
e-case file (who, what, when, by which channel); a notice that could not be delivered
becomes a task for the court's office ("not served")."""

import json

from django.utils.translation import gettext_lazy as _

from cases.models import Case, CourtStaff, Position


def _case_of(notification) -> Case | None:
    kind, _sep, pk = notification.subject_ref.partition(":")
    if kind != "cases.case" or not pk.isdigit():
        return None
    return Case.objects.filter(pk=int(pk)).select_related("court").first()


def on_notice_event(notification, event: str, channel: str, at) -> None:
    from cases.case_file import case_document_add
    from cases.services import case_event_add
    from notifications.services import notify

    case = _case_of(notification)
    if case is None:
        return
    person = notification.recipient
    if event == "delivered":
        proof = {
            "type": "judicial-account/proof-of-delivery",
            "recipient_iin": person.iin,
            "recipient": person.full_name,
            "notice": notification.title,
            "notice_id": notification.pk,
            "channel": channel,
            "delivered_at": at.isoformat(),
        }
        case_document_add(
            case=case,
            kind="delivery_proof",
            title=str(_("Proof of delivery: %(name)s")) % {"name": person.short_name},
            content=json.dumps(proof, ensure_ascii=False, indent=1, sort_keys=True).encode(),
            file_name=f"delivery-{notification.pk}-{channel}.json",
            content_type="application/json",
        )
        case_event_add(case=case, kind="notice.delivered", name=person.short_name, channel=channel)
        return
    clerks = CourtStaff.objects.filter(
        court=case.court, position=Position.CLERK, is_active=True
    ).select_related("user")
    for post in clerks:
        notify(
            recipient=post.user,
            kind="notice.not_served",
            title=_("Not served in case %(number)s: %(name)s"),
            body=_(
                "The notice “%(notice)s” could not be delivered by %(channel)s. "
                "Serve it another way."
            ),
            params={
                "number": case.number,
                "name": person.full_name,
                "notice": notification.title,
                "channel": channel,
            },
            link=f"/cases/{case.pk}/",
            idempotency_key=f"not-served:{notification.pk}:{channel}:{post.user_id}",
        )
