"""Running a hearing: events with their times change its state, are pushed live over
websockets, and become the brief protocol (a sealed PDF filed into the case when the
hearing closes)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearings.models import ACTIVE_STATUSES, Hearing, HearingEvent, HearingEventKind, HearingStatus
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record
from judicial_account.core.api import ApplicationError
from judicial_account.core.push import group_send_on_commit

# Events that change the hearing's state, and the states they may happen in.
TRANSITIONS = {
    HearingEventKind.OPENED: ({HearingStatus.SCHEDULED}, HearingStatus.STARTED),
    HearingEventKind.RECESS: ({HearingStatus.STARTED, HearingStatus.RESUMED}, HearingStatus.RECESS),
    HearingEventKind.RESUMED: ({HearingStatus.RECESS}, HearingStatus.RESUMED),
    HearingEventKind.CLOSED: (
        {HearingStatus.STARTED, HearingStatus.RESUMED, HearingStatus.RECESS},
        HearingStatus.FINISHED,
    ),
}
RUNNING = {HearingStatus.STARTED, HearingStatus.RESUMED}


class ProgressError(ApplicationError):
    pass


def hearing_group(hearing_id: int) -> str:
    return f"hearing.{hearing_id}"


def hearing_event_add(*, hearing: Hearing, kind: str, note: str = "", actor=None) -> HearingEvent:
    """Record what happened now. State changes are checked against TRANSITIONS; other
    events may only happen while the hearing runs."""
    if kind not in HearingEventKind.values:
        raise ProgressError(_("Unknown event."))
    with transaction.atomic():
        hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
        transition = TRANSITIONS.get(kind)
        if transition is not None:
            allowed, new_status = transition
            if hearing.status not in allowed:
                raise ProgressError(
                    _("This cannot happen now: the hearing is %(status)s.")
                    % {"status": hearing.get_status_display()}
                )
            hearing.status = new_status
            hearing.save(update_fields=["status"])
        elif hearing.status not in RUNNING:
            raise ProgressError(_("The hearing is not running."))
        event = HearingEvent.objects.create(
            hearing=hearing, kind=kind, note=note.strip()[:4000], actor=actor
        )
        audit_record(
            actor,
            AuditAction.HEARING_EVENT,
            target=hearing.case,
            details={"hearing": hearing.pk, "event": kind},
        )
        group_send_on_commit(
            hearing_group(hearing.pk),
            {
                "event": "progress",
                "kind": kind,
                "label": str(event.get_kind_display()),
                "status": hearing.status,
                "status_label": str(hearing.get_status_display()),
                "at": timezone.localtime(event.at).strftime("%H:%M"),
            },
        )
        if kind == HearingEventKind.CLOSED:
            transaction.on_commit(lambda: _protocol_enqueue(hearing.pk))
    return event


def _protocol_enqueue(hearing_id: int) -> None:
    from hearings.tasks import protocol_issue_task

    protocol_issue_task.delay(hearing_id)


def protocol_issue(*, hearing_id: int):
    """Render the brief protocol from the events, seal it with the court's seal and file
    it into the case (once)."""
    import weasyprint
    from django.template.loader import render_to_string

    from cases.case_file import case_document_add
    from judicial_account.pki.pades import pdf_seal
    from judicial_account.pki.seals import court_seal_name, seal_identity

    hearing = Hearing.objects.select_related("case__court", "judge", "room").get(pk=hearing_id)
    if hearing.case.documents.filter(kind="protocol", title__endswith=f"#{hearing.pk}").exists():
        return None
    html = render_to_string(
        "hearings/protocol.html",
        {
            "hearing": hearing,
            "events": hearing.events.select_related("actor"),
            "issued_at": timezone.now(),
        },
    )
    pdf = weasyprint.HTML(string=html).write_pdf()
    sealed = pdf_seal(
        pdf,
        identity=seal_identity(court_seal_name(hearing.case.court.code)),
        field_name="CourtSeal",
        reason="Brief protocol of a court hearing",
    )
    with transaction.atomic():
        return case_document_add(
            case=hearing.case,
            kind="protocol",
            title=f"{_('Brief protocol of the hearing')} #{hearing.pk}",
            content=sealed,
            file_name=f"protocol-{hearing.pk}.pdf",
            content_type="application/pdf",
        )


def is_active(hearing: Hearing) -> bool:
    return hearing.status in ACTIVE_STATUSES
