"""Writes for judicial acts: drafting, signing and issuing, legal force, publication,
review by higher courts and writs of execution.

The life of an act: DRAFT (the judge's own) → signed with the judge's EDS and ISSUED into the
case (parties notified, PDF sealed) → IN_FORCE when the challenge term passes unchallenged
(legal_force.py) or APPEALED when a party appeals in time → the higher court's act decides:
upheld (in force), changed (in force as changed), overturned or sent back (overturned). An act
in force of a case heard in open court is depersonalised and published in the register.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acts_registry import drafting, indexing, legal_force
from acts_registry.depersonalise import KnownPerson, depersonalise
from acts_registry.models import (
    ENFORCEABLE_OUTCOMES,
    FORCE_STATUSES,
    Act,
    ActKind,
    ActStatus,
    Outcome,
    WritOfExecution,
    WritStatus,
)
from acts_registry.verification import verification_code_new
from cases.models import Case, CaseStatus, CourtLevel, Instance, PartyRole
from cases.services import case_event_add
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record
from judicial_account.core.api import ApplicationError
from judicial_account.pki import services as pki_services
from judicial_account.pki.models import SigningRequest
from notifications.services import notify

logger = logging.getLogger(__name__)

MAX_AMOUNT = Decimal("1000000000000")
MAX_TEXT_CHARS = 400_000


class ActError(ApplicationError):
    """A rule about acts said no; `code` is stable for API clients."""

    @property
    def code(self) -> str:
        return self.get_codes()


# --- drafting -------------------------------------------------------------------------


def _snapshot(case: Case) -> dict:
    court, region = case.court, case.court.region
    return {
        "case_number": case.number,
        "court_code": court.code,
        "court_name": court.name_ru,
        "region_code": region.code if region else "",
        "region_name": region.name_ru if region else "",
        "category_code": case.category.code,
        "category_name": case.category.name_ru,
        "instance": case.instance,
        "judge_names": case.judge.full_name if case.judge else "",
    }


def reviewed_act_of(case: Case) -> Act | None:
    """The lower act a higher-instance case was opened to review (through the appeal)."""
    if case.instance == Instance.FIRST:
        return None
    return Act.objects.filter(review_filings__case=case).order_by("-pk").first()


@transaction.atomic
def act_draft_create(*, case: Case, judge, kind: str, language: str = "ru") -> Act:
    from acts_registry.access import may_draft

    if not may_draft(judge, case):
        raise ActError(_("Only the judge of the case writes its acts."), code="not_the_judge")
    if kind not in drafting.kinds_for(case):
        raise ActError(_("This kind of act is not issued at this instance."), code="wrong_kind")
    if language not in drafting.LANGUAGES:
        raise ActError(_("Acts are written in Russian or Kazakh."), code="wrong_language")
    reviewed = reviewed_act_of(case)
    act = Act.objects.create(
        case=case,
        kind=kind,
        judge=judge,
        title=drafting.draft_title(kind, language),
        text=drafting.draft_text(case=case, kind=kind, language=language, reviewed_act=reviewed),
        reviewed_act=reviewed,
        **_snapshot(case),
    )
    audit_record(judge, AuditAction.ACT_DRAFTED, target=act, details={"kind": kind})
    return act


def _parse_amount(value) -> Decimal:
    try:
        amount = Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise ValidationError({"awarded_amount": _("Enter an amount in tenge.")}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError({"awarded_amount": _("The amount cannot be negative.")})
    if amount > MAX_AMOUNT:
        raise ValidationError({"awarded_amount": _("The amount is not plausible; check it.")})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(
            {"awarded_amount": _("The amount may have at most two decimal places.")}
        )
    return amount


@transaction.atomic
def act_draft_update(
    *,
    act: Act,
    title: str | None = None,
    text: str | None = None,
    outcome: str | None = None,
    awarded_amount=None,
    clear_amount: bool = False,
) -> Act:
    """Change a draft. A signature given before the change no longer covers it."""
    act = Act.objects.select_for_update().get(pk=act.pk)
    if act.status != ActStatus.DRAFT:
        raise ActError(_("A signed act cannot be changed."), code="not_a_draft")
    errors = {}
    if title is not None:
        if not title.strip():
            errors["title"] = _("Give the act a title.")
        act.title = title.strip()[:300]
    if text is not None:
        if len(text) > MAX_TEXT_CHARS:
            errors["text"] = _("The text is too long (at most %(n)s characters).") % {
                "n": MAX_TEXT_CHARS
            }
        act.text = text.replace("\r\n", "\n").replace("\x00", "")
    if outcome is not None:
        if outcome and outcome not in drafting.OUTCOMES_BY_KIND[act.kind]:
            errors["outcome"] = _("This outcome does not fit this kind of act.")
        act.outcome = outcome
    if clear_amount:
        act.awarded_amount = None
    elif awarded_amount not in (None, ""):
        try:
            act.awarded_amount = _parse_amount(awarded_amount)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    act.signing_request = None
    act.save()
    return act


@transaction.atomic
def act_signing_request(*, act: Act) -> SigningRequest:
    """The act's document to sign, as the judge's signing request (reused while the draft
    does not change)."""
    act = Act.objects.select_for_update().get(pk=act.pk)
    if act.status != ActStatus.DRAFT:
        raise ActError(_("This act is already issued."), code="not_a_draft")
    problems = drafting.draft_problems(act)
    if problems:
        raise ActError(" ".join(problems), code="incomplete")
    document = drafting.act_document(act)
    request = act.signing_request
    if request is not None and request.sha256 == pki_services.sha256_hex(document):
        return request
    request = pki_services.signing_request_create(
        owner=act.judge,
        title=str(
            _("%(title)s in case %(number)s") % {"title": act.title, "number": act.case_number}
        ),
        upload=ContentFile(document, name=f"act-{act.pk}.txt"),
        receipt_wanted=False,
    )
    act.signing_request = request
    act.save(update_fields=["signing_request", "updated_at"])
    return request


def act_sign_and_issue(*, act: Act, cms_der: bytes, judge) -> Act:
    """Sign the draft with `cms_der` (the judge's EDS over act_document) and issue it: what
    the API does in one call. Raises pki SigningRefused for a signature that is not valid."""
    request = act_signing_request(act=act)
    pki_services.signing_request_sign(request=request, cms_der=cms_der, user=judge, channel="api")
    return act_issue(act=act, judge=judge)


# --- issuing --------------------------------------------------------------------------


def participants(case: Case) -> set:
    """Everyone told about the case's acts: parties with accounts, officers who sign for a
    party organisation, and representatives in the case."""
    people = {p.user for p in case.parties.select_related("user") if p.user}
    for party in case.parties.select_related("legal_entity").exclude(legal_entity=None):
        people |= {o.user for o in party.legal_entity.officers.filter(may_sign=True)}
    people |= {
        r.representative
        for r in case.representations.filter(revoked_at__isnull=True).select_related(
            "representative"
        )
    }
    return people


def _tell(case: Case, act: Act, kind: str, title, body="", *, external: bool = False) -> None:
    for person in participants(case):
        notify(
            recipient=person,
            kind=kind,
            title=title,
            body=body,
            # The lazy label renders in the recipient's language inside notify().
            params={"number": act.case_number, "kind": ActKind(act.kind).label},
            link=f"/acts/{act.pk}/",
            idempotency_key=f"{kind}:{act.pk}:{person.pk}",
            external=external,
            subject_ref=f"acts_registry.act:{act.pk}",
        )


def _enqueue_pdf(act_id: int) -> None:
    from acts_registry import tasks

    enqueue = getattr(tasks, "pdf_issue_enqueue", None)
    if enqueue is not None:
        enqueue(act_id)


@transaction.atomic
def act_issue(*, act: Act, judge) -> Act:
    """Issue a signed draft into its case."""
    from cases.case_file import case_document_add

    act = Act.objects.select_for_update(of=("self",)).select_related("case__court").get(pk=act.pk)
    if act.status != ActStatus.DRAFT:
        raise ActError(_("This act is already issued."), code="not_a_draft")
    if act.judge_id != judge.pk:
        raise ActError(_("Only the judge of the case writes its acts."), code="not_the_judge")
    request = act.signing_request
    document = drafting.act_document(act)
    if (
        request is None
        or request.status != SigningRequest.Status.SIGNED
        or request.sha256 != pki_services.sha256_hex(document)
    ):
        raise ActError(
            _("Sign the act with your EDS first; a changed draft needs a new signature."),
            code="not_signed",
        )
    case = act.case
    now = timezone.now()
    act.issued_at, act.issued_on = now, timezone.localdate(now)
    act.status = ActStatus.ISSUED
    act.signature = request.signature
    act.verification_code = verification_code_new()
    act.appeal_until = legal_force.appeal_until(case.instance, act.kind, act.issued_on)
    act.analytics_consulted = case.events.filter(kind="analytics.consulted", actor=judge).exists()
    act.save()
    case_document_add(
        case=case,
        kind="act",
        title=f"{act.title} ({act.get_outcome_display()})",
        content=document,
        file_name=f"act-{act.pk}.txt",
        content_type="text/plain",
        filed_by=judge,
        signature=request.signature,
    )
    if act.outcome in drafting.FINAL_OUTCOMES and case.status != CaseStatus.CLOSED:
        case.status = CaseStatus.DECIDED
        case.save(update_fields=["status"])
    case_event_add(
        case=case,
        kind="act.issued",
        actor=judge,
        title=act.title,
        outcome=str(act.get_outcome_display()),
    )
    audit_record(judge, AuditAction.ACT_ISSUED, target=act, details={"sha256": request.sha256})
    _tell(
        case,
        act,
        "act.issued",
        _("%(kind)s issued in case %(number)s"),
        _("You can read it in My cases and download the signed PDF."),
        external=True,
    )
    indexing.outbox_enqueue(act.pk)
    transaction.on_commit(lambda: _enqueue_pdf(act.pk))
    if act.appeal_until is None:
        _enter_force(act, on=act.issued_on)
    return act


# --- legal force and publication -------------------------------------------------------


def _enter_force(act: Act, *, on: dt.date) -> None:
    act.status = ActStatus.IN_FORCE
    act.in_force_on = on
    act.save(update_fields=["status", "in_force_on", "updated_at"])
    audit_record(None, AuditAction.ACT_IN_FORCE, target=act, details={"on": on.isoformat()})
    if act.reviewed_act_id:
        _apply_review(act)
    if act.case_id:
        case_event_add(case=act.case, kind="act.in_force", title=act.title)
        _tell(act.case, act, "act.in_force", _("%(kind)s in case %(number)s is in legal force"))
    act_publish(act=act)
    indexing.outbox_enqueue(act.pk)


def acts_enter_force(*, today: dt.date | None = None) -> int:
    """Put in force every issued act whose challenge term ended before `today` without an
    appeal (an appeal has already moved it to APPEALED). Run daily by beat; safe to rerun."""
    today = today or timezone.localdate()
    due = Act.objects.filter(status=ActStatus.ISSUED, appeal_until__lt=today).values_list(
        "pk", flat=True
    )
    done = 0
    for act_id in list(due):
        with transaction.atomic():
            act = (
                Act.objects.select_for_update()
                .filter(pk=act_id, status=ActStatus.ISSUED, appeal_until__lt=today)
                .first()
            )
            if act is None:
                continue  # appealed (or handled) meanwhile
            _enter_force(act, on=legal_force.in_force_from(act.appeal_until))
            done += 1
    return done


def _known_people(case: Case) -> tuple[list[KnownPerson], list[str]]:
    """Parties who are people go; organisations, the court and its judges stay."""
    people, keep = [], []
    for party in case.parties.all():
        if party.is_individual:
            surname, first, patronymic = ([*party.name.split(), "", ""])[:3]
            people.append(KnownPerson(surname, first, patronymic))
        else:
            keep.append(party.name)
    if case.judge:
        keep.append(case.judge.full_name)
    return people, keep


def _publish_enqueue(act_id: int) -> None:
    from acts_registry import tasks

    enqueue = getattr(tasks, "public_pdf_enqueue", None)
    if enqueue is not None:
        enqueue(act_id)


@transaction.atomic
def act_publish(*, act: Act) -> bool:
    """Depersonalise an act in force and put it in the register. Acts of cases heard in
    camera are never published. Returns whether the act is (now) published."""
    act = Act.objects.select_for_update(of=("self",)).select_related("case").get(pk=act.pk)
    if act.status not in FORCE_STATUSES:
        return False
    if act.case_id and act.case.is_closed_session:
        return False
    if act.published_at is None:
        if act.case_id:
            people, keep = _known_people(act.case)
            act.text_public = depersonalise(act.text, known_people=people, keep=keep).text
        elif not act.text_public:
            act.text_public = depersonalise(act.text).text
        act.depersonalised_at = act.published_at = timezone.now()
        act.save(update_fields=["text_public", "depersonalised_at", "published_at", "updated_at"])
        audit_record(None, AuditAction.ACT_PUBLISHED, target=act)
        transaction.on_commit(lambda: _publish_enqueue(act.pk))
    indexing.outbox_enqueue(act.pk)
    return True


# --- appeal and cassation --------------------------------------------------------------


def competent_court(act: Act, kind: str):
    """The court that hears an appeal (the regional court above) or a cassation petition
    (the Supreme Court) against `act`."""
    court = act.case.court
    if kind == "appeal":
        return court.parent if court.level == CourtLevel.DISTRICT else None
    while court is not None and court.level != CourtLevel.SUPREME:
        court = court.parent
    return court


def review_refusal(act: Act, kind: str, *, today: dt.date | None = None) -> str | None:
    """Why `act` cannot be challenged by `kind` today, in words; None when it can."""
    today = today or timezone.localdate()
    if act.case_id is None or act.status == ActStatus.DRAFT:
        return str(_("This act cannot be challenged here."))
    if kind == "appeal":
        if act.instance != Instance.FIRST:
            return str(_("Only acts of the first instance are appealed."))
        if act.status != ActStatus.ISSUED:
            return str(_("The act is no longer open to appeal (%(status)s).")) % {
                "status": act.get_status_display()
            }
        if act.appeal_until is None or today > act.appeal_until:
            return str(_("The appeal term has ended."))
        return None
    if kind == "cassation":
        if act.instance == Instance.CASSATION:
            return str(_("Acts of the Supreme Court are final."))
        if act.status not in FORCE_STATUSES or act.in_force_on is None:
            return str(_("A cassation petition is filed against an act in legal force."))
        if today > legal_force.cassation_until(act.in_force_on):
            return str(_("The cassation term has ended."))
        return None
    return str(_("Unknown kind of review."))


@transaction.atomic
def act_review_opened(*, act: Act, higher_case: Case, kind: str, actor=None) -> Act:
    """An appeal or cassation petition was accepted and `higher_case` opened: an appeal
    stops the act from entering into force."""
    act = Act.objects.select_for_update().get(pk=act.pk)
    if kind == "appeal" and act.status == ActStatus.ISSUED:
        act.status = ActStatus.APPEALED
        act.save(update_fields=["status", "updated_at"])
        indexing.outbox_enqueue(act.pk)
    case_event_add(
        case=act.case,
        kind="act.appealed",
        actor=actor,
        title=act.title,
        court=higher_case.court.name_ru,
        number=higher_case.number,
    )
    audit_record(
        actor, AuditAction.ACT_APPEALED, target=act, details={"higher_case": higher_case.number}
    )
    _tell(act.case, act, "act.appealed", _("%(kind)s in case %(number)s has been appealed"))
    return act


def _apply_review(review: Act) -> None:
    """The higher court's act (in force) decides the fate of the act it reviewed."""
    lower = (
        Act.objects.select_for_update(of=("self",))
        .select_related("case")
        .get(pk=review.reviewed_act_id)
    )
    outcome = review.outcome
    if outcome == Outcome.UPHELD:
        if lower.status == ActStatus.APPEALED:
            lower.status, lower.in_force_on = ActStatus.IN_FORCE, review.in_force_on
    elif outcome == Outcome.CHANGED:
        lower.status = ActStatus.CHANGED
        lower.in_force_on = lower.in_force_on or review.in_force_on
    elif outcome in (Outcome.OVERTURNED, Outcome.SENT_BACK):
        lower.status = ActStatus.OVERTURNED
    lower.save(update_fields=["status", "in_force_on", "updated_at"])
    if outcome == Outcome.SENT_BACK:
        lower.case.status = CaseStatus.IN_PROGRESS
        lower.case.save(update_fields=["status"])
    case_event_add(
        case=lower.case,
        kind="act.reviewed",
        title=lower.title,
        outcome=str(review.get_outcome_display()),
        court=review.court_name,
    )
    audit_record(
        None,
        AuditAction.ACT_REVIEWED,
        target=lower,
        details={"review": review.pk, "outcome": outcome},
    )
    _tell(
        lower.case,
        lower,
        "act.reviewed",
        _("A higher court has decided on the %(kind)s in case %(number)s"),
    )
    if lower.status in FORCE_STATUSES:
        act_publish(act=lower)
    elif lower.published_at is not None:
        # An overturned act leaves the register (the outbox drops it from the index); its
        # verification page keeps saying it was overturned.
        lower.published_at = None
        lower.save(update_fields=["published_at", "updated_at"])
    indexing.outbox_enqueue(lower.pk)


# --- writs of execution ----------------------------------------------------------------


@transaction.atomic
def writ_request(*, act: Act, user) -> WritOfExecution:
    from acts_registry.access import may_request_writ

    act = Act.objects.select_for_update().get(pk=act.pk)
    if not may_request_writ(user, act):
        raise ActError(_("Only a participant of the case may ask for a writ."), code="forbidden")
    if act.status not in FORCE_STATUSES:
        raise ActError(
            _("A writ of execution is issued on an act in legal force."), code="not_in_force"
        )
    if act.outcome not in ENFORCEABLE_OUTCOMES:
        raise ActError(_("This act orders nothing to enforce."), code="not_enforceable")
    if act.writs.filter(requested_by=user, status=WritStatus.REQUESTED).exists():
        raise ActError(_("Your request is already with the court."), code="already_requested")
    writ = WritOfExecution.objects.create(act=act, requested_by=user)
    audit_record(user, AuditAction.WRIT_REQUESTED, target=act, details={"writ": writ.pk})
    if act.case.judge:
        notify(
            recipient=act.case.judge,
            kind="writ.requested",
            title=_("A writ of execution is requested in case %(number)s"),
            params={"number": act.case_number},
            link=f"/acts/{act.pk}/",
            idempotency_key=f"writ-requested:{writ.pk}",
        )
    return writ


@transaction.atomic
def writ_decide(*, writ: WritOfExecution, user, issue: bool, reason: str = "") -> WritOfExecution:
    from acts_registry.access import may_decide_writ
    from cases.case_file import case_document_add

    writ = (
        WritOfExecution.objects.select_for_update(of=("self",))
        .select_related("act__case")
        .get(pk=writ.pk)
    )
    act = writ.act
    if not may_decide_writ(user, act):
        raise ActError(_("Only the court decides on writs."), code="forbidden")
    if writ.status != WritStatus.REQUESTED:
        raise ActError(_("This request has already been decided."), code="already_decided")
    if not issue and not reason.strip():
        raise ValidationError({"reason": _("Say why the writ is refused.")})
    writ.decided_by, writ.decided_at = user, timezone.now()
    if issue:
        issued_before = act.writs.filter(status=WritStatus.ISSUED).count()
        writ.status = WritStatus.ISSUED
        writ.number = f"{act.case_number}/ИЛ-{issued_before + 1}"
        creditor = next(
            (p.name for p in act.case.parties.all() if p.role == PartyRole.PLAINTIFF), ""
        )
        content = (
            f"ИСПОЛНИТЕЛЬНЫЙ ЛИСТ № {writ.number}\n{act.court_name}\n"
            f"По делу № {act.case_number}, {act.title} от {act.issued_on:%d.%m.%Y}, "
            f"вступившему в законную силу {act.in_force_on:%d.%m.%Y}.\n"
            f"Взыскатель: {creditor}\n"
            f"Сумма: {drafting._amount(act.awarded_amount)} тенге\n"
            f"Код проверки акта: {act.verification_code}\n"
        ).encode()
        case_document_add(
            case=act.case,
            kind="writ",
            title=str(_("Writ of execution %(number)s") % {"number": writ.number}),
            content=content,
            file_name=f"writ-{writ.pk}.txt",
            content_type="text/plain",
            filed_by=user,
        )
        title = _("The writ of execution in case %(number)s is issued")
    else:
        writ.status = WritStatus.REFUSED
        writ.refusal_reason = reason.strip()[:500]
        title = _("The writ of execution in case %(number)s is refused")
    writ.save()
    audit_record(
        user, AuditAction.WRIT_DECIDED, target=act, details={"writ": writ.pk, "issued": issue}
    )
    notify(
        recipient=writ.requested_by,
        kind="writ.decided",
        title=title,
        params={"number": act.case_number},
        link=f"/acts/{act.pk}/",
        idempotency_key=f"writ-decided:{writ.pk}",
    )
    return writ
