"""My Letters: sending a letter to a court and the court's reply."""

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Court, CourtStaff, Position
from filings.models import Letter, LetterStatus
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record


def letters_visible(user):
    """The author's own letters, and the letters to the courts where the user serves."""
    from django.db.models import Q

    if not user.is_authenticated:
        return Letter.objects.none()
    courts = CourtStaff.objects.filter(user=user, is_active=True).values("court_id")
    return Letter.objects.filter(Q(author=user) | Q(court_id__in=courts))


def letter_is_staff_of(user, letter: Letter) -> bool:
    return CourtStaff.objects.filter(user=user, court=letter.court, is_active=True).exists()


@transaction.atomic
def letter_send(*, author, court: Court, subject: str, body: str) -> Letter:
    from notifications.services import notify

    letter = Letter(
        public_id=uuid.uuid4(),
        author=author,
        court=court,
        subject=subject.strip(),
        body=body.strip(),
    )
    letter.full_clean()
    letter.save()
    audit_record(author, AuditAction.LETTER_SENT, target=letter)
    clerks = CourtStaff.objects.filter(
        court=court, is_active=True, position__in=[Position.CLERK, Position.CHAIRMAN]
    )
    for post in clerks.select_related("user"):
        notify(
            recipient=post.user,
            kind="letter.received",
            title=_("New letter to the court: %(subject)s"),
            params={"subject": letter.subject},
            link=f"/filings/letters/{letter.public_id}/",
            idempotency_key=f"letter:{letter.pk}:{post.user_id}",
        )
    return letter


@transaction.atomic
def letter_reply(*, letter: Letter, staff, reply: str) -> Letter:
    from notifications.services import notify

    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    letter.reply = reply.strip()
    letter.replied_by = staff
    letter.replied_at = timezone.now()
    letter.status = LetterStatus.ANSWERED
    letter.full_clean()
    letter.save()
    audit_record(staff, AuditAction.LETTER_ANSWERED, target=letter)
    notify(
        recipient=letter.author,
        kind="letter.answered",
        title=_("The court answered your letter: %(subject)s"),
        params={"subject": letter.subject},
        link=f"/filings/letters/{letter.public_id}/",
        idempotency_key=f"letter-answered:{letter.pk}:{letter.replied_at.isoformat()}",
    )
    return letter
