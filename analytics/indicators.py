"""The situation center's indicators, declared as data.

An indicator is a code (stable: the API and exports use it), its name in Russian, Kazakh
and English, a definition, a unit and how it is computed, built from the vocabulary of
analytics.situation: a Source (rows, their date, how they narrow to a region, court or
judge), a Measure (an aggregate of a source's rows, a count unless told otherwise), and
Total, Ratio, PerJudge or Custom on top. Adding an indicator is one more `Indicator(...)`
in INDICATORS; a new kind of row is one more Source.

Which apps are read: cases, hearings, filings, acts, payments, notifications and the
questionnaire. The situation center is the one place that reports on all of them, and it
only ever reads them, in aggregate.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, CharField, Exists, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models import Case as SqlCase
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from acts_registry.models import (
    FIRST_INSTANCE_OUTCOMES,
    REVIEW_OUTCOMES,
    Act,
    ActKind,
    ActStatus,
    Outcome,
    WritOfExecution,
    WritStatus,
)
from analytics.models import QuestionnaireResponse
from analytics.situation import (
    Custom,
    Level,
    Measure,
    Period,
    PerJudge,
    Ratio,
    Scope,
    Source,
    Total,
    Unit,
    days_between,
)
from cases.models import Case, CaseEvent, CaseStatus, Deadline, DeadlineStatus, Instance
from filings.models import Filing, FilingKind
from hearings.models import (
    Hearing,
    HearingFormat,
    HearingStatus,
    Mediation,
    MediationStatus,
    PostponementGround,
    Recording,
    SessionKind,
    Transcript,
    TranscriptStatus,
)
from judicial_account.payments.models import Invoice
from notifications.models import Delivery, DeliveryStatus

# --- sources ---------------------------------------------------------------------------

CASE_PATHS = {"region": "court__region", "court": "court", "judge": "judge"}


def _case_paths(prefix: str) -> dict:
    return {level: prefix + path for level, path in CASE_PATHS.items()}


def _act_paths(prefix: str = "") -> dict:
    return {
        "region": f"{prefix}region_code",
        "court": f"{prefix}court_code",
        "judge": f"{prefix}judge",
    }


FINAL_OUTCOMES = FIRST_INSTANCE_OUTCOMES | REVIEW_OUTCOMES
DISPOSED = (CaseStatus.DECIDED, CaseStatus.CLOSED)


def _cases_with_disposal():
    """Cases with `disposed_at`: when the first final act was issued, or the settlement
    approved (a case closed by mediation has no decision). Null while the case is open."""
    first_act = (
        Act.objects.filter(case=OuterRef("pk"), outcome__in=FINAL_OUTCOMES, issued_at__isnull=False)
        .exclude(status=ActStatus.DRAFT)
        .order_by("issued_at")
        .values("issued_at")[:1]
    )
    settled = (
        CaseEvent.objects.filter(case=OuterRef("pk"), kind="mediation.approved")
        .order_by("at")
        .values("at")[:1]
    )
    return Case.objects.annotate(
        disposed_at=SqlCase(
            When(status__in=DISPOSED, then=Coalesce(Subquery(first_act), Subquery(settled))),
            default=None,
        )
    )


def _issued_acts():
    return Act.objects.exclude(status=ActStatus.DRAFT)


def _cases_with_efiling():
    claims = Filing.objects.filter(case=OuterRef("pk"), kind=FilingKind.CLAIM)
    return Case.objects.annotate(efiled=Exists(claims))


def _cases_with_mediation():
    return Case.objects.annotate(mediated=Exists(Mediation.objects.filter(case=OuterRef("pk"))))


def _scoped_filing_ids(scope: Scope):
    filings = Source(Filing.objects.all, "created_at", **_case_paths("case__")).scoped(scope)
    return filings.annotate(pk_text=Cast("pk", CharField())).values("pk_text")


def _narrow_invoices(invoices, scope: Scope):
    return invoices.filter(target_id__in=Subquery(_scoped_filing_ids(scope)))


def _narrow_deliveries(deliveries, scope: Scope):
    cases = Source(Case.objects.all, "registered_at", **CASE_PATHS).scoped(scope)
    refs = cases.annotate(ref=Concat(Value("cases.case:"), Cast("pk", CharField()))).values("ref")
    return deliveries.filter(notification__subject_ref__in=Subquery(refs))


CASES = Source(Case.objects.all, "registered_at", **CASE_PATHS)
CASES_EFILED = Source(_cases_with_efiling, "registered_at", **CASE_PATHS)
CASES_MEDIATED = Source(_cases_with_mediation, "registered_at", **CASE_PATHS)
CASES_DISPOSED = Source(_cases_with_disposal, "disposed_at", **CASE_PATHS)
DEADLINES = Source(Deadline.objects.all, "due_on", **_case_paths("case__"))
HEARINGS = Source(
    lambda: Hearing.objects.filter(kind=SessionKind.HEARING).exclude(
        status=HearingStatus.CANCELLED
    ),
    "starts_at",
    region="case__court__region",
    court="case__court",
    judge="judge",
)
RECORDINGS = Source(Recording.objects.all, "uploaded_at", **_case_paths("hearing__case__"))
TRANSCRIPTS = Source(
    Transcript.objects.all, "created_at", **_case_paths("recording__hearing__case__")
)
ACTS = Source(_issued_acts, "issued_on", **_act_paths())
ACTS_IN_FORCE = Source(_issued_acts, "in_force_on", **_act_paths())
ACTS_OF_CASES = Source(
    lambda: _issued_acts().filter(case__isnull=False, issued_at__isnull=False),
    "issued_on",
    **_act_paths(),
)
# A review act is counted against the court and judge whose act it reviewed.
REVIEWS = Source(
    lambda: _issued_acts().filter(outcome__in=REVIEW_OUTCOMES, reviewed_act__isnull=False),
    "issued_on",
    **_act_paths("reviewed_act__"),
)
REVIEW_FILINGS = Source(
    lambda: Filing.objects.filter(submitted_at__isnull=False, appealed_act__isnull=False),
    "submitted_at",
    **_act_paths("appealed_act__"),
)
WRITS_REQUESTED = Source(WritOfExecution.objects.all, "requested_at", **_act_paths("act__"))
WRITS_DECIDED = Source(WritOfExecution.objects.all, "decided_at", **_act_paths("act__"))
FEES = Source(
    lambda: Invoice.objects.filter(
        status=Invoice.Status.PAID, purpose="state_fee", target_type="filings.filing"
    ),
    "paid_at",
    narrow=_narrow_invoices,
)
DELIVERIES = Source(Delivery.objects.all, "notification__created_at", narrow=_narrow_deliveries)
MEDIATIONS = Source(Mediation.objects.all, "created_at", **_case_paths("case__"))
# The questionnaire is anonymous: it knows the court it was about, never the judge.
ANSWERS = Source(
    QuestionnaireResponse.objects.all, "submitted_at", region="court__region", court="court"
)


# --- stocks at the end of the period -----------------------------------------------------


def _cases_pending_at_end(scope: Scope, period: Period):
    cases = CASES_DISPOSED.scoped(scope)
    end = period.end_before
    return (
        cases.filter(registered_at__lt=end)
        .filter(Q(disposed_at__isnull=True) | Q(disposed_at__gte=end))
        .count()
    )


def _deadlines_overdue_at_end(scope: Scope, period: Period):
    """Terms still running though their day has passed, as of the period's end (or today,
    if the period reaches into the future)."""
    as_of = min(period.end, timezone.localdate())
    return (
        DEADLINES.scoped(scope)
        .filter(status=DeadlineStatus.OPEN, due_on__lt=as_of, due_on__gte=period.start)
        .count()
    )


# --- the registry ------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    code: str
    names: dict  # {"ru": ..., "kk": ..., "en": ...}
    definition: str
    unit: str
    how: Total | Ratio | PerJudge | Custom
    group: str

    @property
    def name(self) -> str:
        return self.names.get((get_language() or "ru")[:2], self.names["ru"])

    @property
    def unit_label(self) -> str:
        return str(Unit.LABELS[self.unit])

    @property
    def has_series(self) -> bool:
        return not isinstance(self.how, Custom) or self.how.series is not None

    def value(self, scope: Scope, period: Period) -> float | None:
        return _rounded(self.how.total(scope, period))

    def series(self, scope: Scope, period: Period) -> dict | None:
        values = self.how.monthly(scope, period)
        if values is None:
            return None
        return {month: _rounded(value) for month, value in values.items()}


def _rounded(value):
    return None if value is None else round(float(value), 2)


def _names(ru: str, kk: str, en: str) -> dict:
    return {"ru": ru, "kk": kk, "en": en}


class Group:
    CASES = "cases"
    TERMS = "terms"
    HEARINGS = "hearings"
    ACTS = "acts"
    REVIEW = "review"
    MONEY = "money"
    MEDIATION = "mediation"
    SERVICE = "service"

    LABELS = {
        CASES: _("Cases"),
        TERMS: _("Procedural deadlines"),
        HEARINGS: _("Hearings"),
        ACTS: _("Judicial acts"),
        REVIEW: _("Appeal and cassation"),
        MONEY: _("Fees and awards"),
        MEDIATION: _("Reconciliation"),
        SERVICE: _("Service to the public"),
    }


incoming = Measure(CASES)
disposed = Measure(CASES_DISPOSED)
deadlines_due = Measure(DEADLINES, Q(status__in=[DeadlineStatus.MET, DeadlineStatus.MISSED]))
hearings_all = Measure(HEARINGS)
acts_issued = Measure(ACTS)
reviews = Measure(REVIEWS)
deliveries = Measure(DELIVERIES, ~Q(status=DeliveryStatus.PENDING))
answers = Measure(ANSWERS)
mediations = Measure(MEDIATIONS)

C, T, H, A, R, M, MD, S = (
    Group.CASES,
    Group.TERMS,
    Group.HEARINGS,
    Group.ACTS,
    Group.REVIEW,
    Group.MONEY,
    Group.MEDIATION,
    Group.SERVICE,
)

INDICATORS: tuple[Indicator, ...] = (
    # Cases
    Indicator(
        "cases_incoming",
        _names("Поступило дел", "Түскен істер", "Incoming cases"),
        _("Cases registered in the period, every instance."),
        Unit.COUNT,
        Total(incoming),
        C,
    ),
    Indicator(
        "cases_incoming_first",
        _names(
            "Поступило дел (первая инстанция)",
            "Түскен істер (бірінші саты)",
            "Incoming cases, first instance",
        ),
        _("Cases registered at first instance in the period."),
        Unit.COUNT,
        Total(Measure(CASES, Q(instance=Instance.FIRST))),
        C,
    ),
    Indicator(
        "cases_incoming_appeal",
        _names("Поступило апелляционных дел", "Түскен апелляциялық істер", "Incoming appeal cases"),
        _("Cases registered at the appeal instance in the period."),
        Unit.COUNT,
        Total(Measure(CASES, Q(instance=Instance.APPEAL))),
        C,
    ),
    Indicator(
        "cases_closed",
        _names("Рассмотрено дел", "Қаралған істер", "Closed cases"),
        _("Cases disposed of in the period: a final act issued or a settlement approved."),
        Unit.COUNT,
        Total(disposed),
        C,
    ),
    Indicator(
        "clearance_rate",
        _names("Коэффициент рассмотрения", "Істерді қарау коэффициенті", "Clearance rate"),
        _(
            "Closed cases as a share of incoming cases in the period; above 100% the backlog "
            "shrinks."
        ),
        Unit.PERCENT,
        Ratio(disposed, incoming),
        C,
    ),
    Indicator(
        "avg_duration_days",
        _names("Средний срок рассмотрения", "Қараудың орташа мерзімі", "Average duration"),
        _(
            "Average number of days from registration to disposal, of the cases closed in the "
            "period."
        ),
        Unit.DAYS,
        Total(
            Measure(
                CASES_DISPOSED, aggregate=lambda: Avg(days_between("registered_at", "disposed_at"))
            )
        ),
        C,
    ),
    Indicator(
        "cases_pending",
        _names(
            "Дел в производстве на конец периода",
            "Кезең соңындағы іс жүргізудегі істер",
            "Pending cases at the end of the period",
        ),
        _("Cases registered before the period's end and not disposed of by then."),
        Unit.COUNT,
        Custom(_cases_pending_at_end),
        C,
    ),
    Indicator(
        "workload_per_judge",
        _names("Нагрузка на судью", "Судьяға жүктеме", "Workload per judge"),
        _("Incoming cases divided by the number of judges serving in the unit."),
        Unit.PER_JUDGE,
        PerJudge(incoming),
        C,
    ),
    Indicator(
        "simplified_share",
        _names(
            "Доля упрощённого производства",
            "Жеңілдетілген іс жүргізудің үлесі",
            "Simplified proceedings share",
        ),
        _("Share of incoming cases heard in simplified (written) proceedings."),
        Unit.PERCENT,
        Ratio(Measure(CASES, Q(proceedings="simplified")), incoming),
        C,
    ),
    Indicator(
        "efiling_share",
        _names("Доля электронных исков", "Электрондық талап арыздардың үлесі", "E-filing share"),
        _("Share of incoming cases started by a claim filed through the portal."),
        Unit.PERCENT,
        Ratio(Measure(CASES_EFILED, Q(efiled=True)), Measure(CASES_EFILED)),
        C,
    ),
    Indicator(
        "closed_session_share",
        _names("Доля закрытых заседаний", "Жабық отырыстардың үлесі", "Closed-hearing cases share"),
        _("Share of incoming cases heard in camera."),
        Unit.PERCENT,
        Ratio(Measure(CASES, Q(is_closed_session=True)), incoming),
        C,
    ),
    Indicator(
        "avg_claim_amount",
        _names("Средняя сумма иска", "Талаптың орташа сомасы", "Average amount claimed"),
        _("Average amount claimed in the incoming cases that state one."),
        Unit.KZT,
        Total(Measure(CASES, Q(amount__isnull=False), aggregate=lambda: Avg("amount"))),
        C,
    ),
    # Procedural deadlines
    Indicator(
        "deadline_compliance",
        _names(
            "Соблюдение процессуальных сроков",
            "Іс жүргізу мерзімдерін сақтау",
            "Deadline compliance",
        ),
        _("Deadlines met as a share of the deadlines met or missed that fell due in the period."),
        Unit.PERCENT,
        Ratio(Measure(DEADLINES, Q(status=DeadlineStatus.MET)), deadlines_due),
        T,
    ),
    Indicator(
        "deadlines_missed",
        _names("Нарушено сроков", "Бұзылған мерзімдер", "Deadlines missed"),
        _("Deadlines that fell due in the period and were missed."),
        Unit.COUNT,
        Total(Measure(DEADLINES, Q(status=DeadlineStatus.MISSED))),
        T,
    ),
    Indicator(
        "deadlines_overdue",
        _names("Просроченные сроки", "Мерзімі өткен мерзімдер", "Overdue deadlines"),
        _(
            "Deadlines of the period still running after their due day (at the period's end, "
            "or today)."
        ),
        Unit.COUNT,
        Custom(_deadlines_overdue_at_end),
        T,
    ),
    # Hearings
    Indicator(
        "hearings_held",
        _names("Проведено заседаний", "Өткізілген отырыстар", "Hearings held"),
        _("Hearings that took place and were closed in the period."),
        Unit.COUNT,
        Total(Measure(HEARINGS, Q(status=HearingStatus.FINISHED))),
        H,
    ),
    Indicator(
        "hearings_postponed_share",
        _names(
            "Доля отложенных заседаний",
            "Кейінге қалдырылған отырыстардың үлесі",
            "Postponed hearings share",
        ),
        _(
            "Hearings postponed as a share of the hearings set for the period (cancelled ones "
            "aside)."
        ),
        Unit.PERCENT,
        Ratio(Measure(HEARINGS, Q(status=HearingStatus.POSTPONED)), hearings_all),
        H,
    ),
    Indicator(
        "hearings_postponed_technical",
        _names(
            "Отложено по техническим причинам",
            "Техникалық себептермен кейінге қалдырылды",
            "Postponed for technical failure",
        ),
        _("Hearings postponed because the video link failed."),
        Unit.COUNT,
        Total(Measure(HEARINGS, Q(postponement_ground=PostponementGround.TECHNICAL_FAILURE))),
        H,
    ),
    Indicator(
        "online_hearing_share",
        _names("Доля онлайн-заседаний", "Онлайн отырыстардың үлесі", "Online hearings share"),
        _("Hearings held online or mixed, as a share of the hearings set for the period."),
        Unit.PERCENT,
        Ratio(
            Measure(HEARINGS, Q(format__in=[HearingFormat.ONLINE, HearingFormat.MIXED])),
            hearings_all,
        ),
        H,
    ),
    Indicator(
        "recordings",
        _names(
            "Аудио- и видеозаписи заседаний",
            "Отырыстардың аудио-бейнежазбалары",
            "Hearing recordings",
        ),
        _("Audio and video recordings of hearings uploaded in the period."),
        Unit.COUNT,
        Total(Measure(RECORDINGS)),
        H,
    ),
    Indicator(
        "transcripts_ready",
        _names("Готовые расшифровки", "Дайын стенограммалар", "Transcripts ready"),
        _("Recordings transcribed in the period."),
        Unit.COUNT,
        Total(Measure(TRANSCRIPTS, Q(status=TranscriptStatus.DONE))),
        H,
    ),
    # Judicial acts
    Indicator(
        "acts_issued",
        _names("Вынесено судебных актов", "Шығарылған сот актілері", "Acts issued"),
        _("Judicial acts signed and issued in the period (imported corpora included)."),
        Unit.COUNT,
        Total(acts_issued),
        A,
    ),
    Indicator(
        "decisions_issued",
        _names("Вынесено решений", "Шығарылған шешімдер", "Decisions issued"),
        _("Decisions (the acts that settle a claim on its merits) issued in the period."),
        Unit.COUNT,
        Total(Measure(ACTS, Q(kind=ActKind.DECISION))),
        A,
    ),
    Indicator(
        "acts_in_force",
        _names("Вступило в законную силу", "Заңды күшіне енді", "Acts entered into force"),
        _("Acts that entered into legal force in the period."),
        Unit.COUNT,
        Total(Measure(ACTS_IN_FORCE)),
        A,
    ),
    Indicator(
        "acts_published_share",
        _names("Доля опубликованных актов", "Жарияланған актілердің үлесі", "Published acts share"),
        _(
            "Of the acts that entered into force in the period, the share published in the "
            "register."
        ),
        Unit.PERCENT,
        Ratio(Measure(ACTS_IN_FORCE, Q(published_at__isnull=False)), Measure(ACTS_IN_FORCE)),
        A,
    ),
    Indicator(
        "avg_days_to_act",
        _names(
            "Среднее время до вынесения акта",
            "Акт шығарғанға дейінгі орташа уақыт",
            "Average days to issue an act",
        ),
        _(
            "Average number of days from a case's registration to the issue of its acts, of "
            "the acts issued in the period."
        ),
        Unit.DAYS,
        Total(
            Measure(
                ACTS_OF_CASES,
                aggregate=lambda: Avg(days_between("case__registered_at", "issued_at")),
            )
        ),
        A,
    ),
    Indicator(
        "analytics_consulted_share",
        _names(
            "Доля актов с использованием аналитики",
            "Аналитиканы пайдаланған актілердің үлесі",
            "Acts with analytics consulted",
        ),
        _(
            "Share of the acts issued in the portal in the period whose judge consulted "
            "case-law analytics first."
        ),
        Unit.PERCENT,
        Ratio(Measure(ACTS_OF_CASES, Q(analytics_consulted=True)), Measure(ACTS_OF_CASES)),
        A,
    ),
    # Appeal and cassation
    Indicator(
        "appeals_filed",
        _names("Подано апелляционных жалоб", "Берілген апелляциялық шағымдар", "Appeals filed"),
        _("Appeals submitted in the period against the unit's acts."),
        Unit.COUNT,
        Total(Measure(REVIEW_FILINGS, Q(kind=FilingKind.APPEAL))),
        R,
    ),
    Indicator(
        "cassation_petitions",
        _names(
            "Подано кассационных ходатайств",
            "Берілген кассациялық өтінішхаттар",
            "Cassation petitions",
        ),
        _("Cassation petitions submitted in the period against the unit's acts."),
        Unit.COUNT,
        Total(Measure(REVIEW_FILINGS, Q(kind=FilingKind.CASSATION))),
        R,
    ),
    Indicator(
        "appeal_reversal_rate",
        _names(
            "Доля отменённых и изменённых актов",
            "Күші жойылған және өзгертілген актілердің үлесі",
            "Appeal reversal rate",
        ),
        _(
            "Of the unit's acts reviewed by a higher court in the period, the share changed, "
            "overturned or sent back."
        ),
        Unit.PERCENT,
        Ratio(
            Measure(
                REVIEWS,
                Q(outcome__in=[Outcome.CHANGED, Outcome.OVERTURNED, Outcome.SENT_BACK]),
            ),
            reviews,
        ),
        R,
    ),
    Indicator(
        "acts_reviewed",
        _names("Пересмотрено актов", "Қайта қаралған актілер", "Acts reviewed"),
        _("The unit's acts on which a higher court ruled in the period."),
        Unit.COUNT,
        Total(reviews),
        R,
    ),
    # Fees and awards
    Indicator(
        "fee_revenue",
        _names("Поступления госпошлины", "Мемлекеттік баж түсімдері", "State fee revenue"),
        _("State fees paid through the portal in the period."),
        Unit.KZT,
        Total(Measure(FEES, aggregate=lambda: Sum("amount"))),
        M,
    ),
    Indicator(
        "awarded_total",
        _names("Присуждено по актам", "Актілер бойынша өндірілді", "Amount awarded"),
        _("Sum awarded by the acts issued in the period."),
        Unit.KZT,
        Total(
            Measure(ACTS, Q(awarded_amount__isnull=False), aggregate=lambda: Sum("awarded_amount"))
        ),
        M,
    ),
    Indicator(
        "writs_requested",
        _names(
            "Запрошено исполнительных листов",
            "Сұралған атқару парақтары",
            "Writs of execution requested",
        ),
        _("Writs of execution asked for in the period."),
        Unit.COUNT,
        Total(Measure(WRITS_REQUESTED)),
        M,
    ),
    Indicator(
        "writs_issued",
        _names(
            "Выдано исполнительных листов", "Берілген атқару парақтары", "Writs of execution issued"
        ),
        _("Writs of execution issued in the period."),
        Unit.COUNT,
        Total(Measure(WRITS_DECIDED, Q(status=WritStatus.ISSUED))),
        M,
    ),
    # Reconciliation
    Indicator(
        "mediation_share",
        _names(
            "Доля дел с примирением",
            "Татуластыру қолданылған істердің үлесі",
            "Cases with mediation",
        ),
        _("Share of incoming cases in which a party proposed mediation."),
        Unit.PERCENT,
        Ratio(Measure(CASES_MEDIATED, Q(mediated=True)), Measure(CASES_MEDIATED)),
        MD,
    ),
    Indicator(
        "mediation_settlements",
        _names(
            "Утверждено мировых соглашений",
            "Бекітілген бітімгершілік келісімдер",
            "Settlements approved",
        ),
        _("Mediations started in the period whose settlement the court approved."),
        Unit.COUNT,
        Total(Measure(MEDIATIONS, Q(status=MediationStatus.APPROVED))),
        MD,
    ),
    Indicator(
        "mediation_success_rate",
        _names(
            "Результативность примирения", "Татуластырудың нәтижелілігі", "Mediation success rate"
        ),
        _(
            "Of the mediations started in the period, the share ending in a settlement signed "
            "or approved."
        ),
        Unit.PERCENT,
        Ratio(
            Measure(MEDIATIONS, Q(status__in=[MediationStatus.SETTLED, MediationStatus.APPROVED])),
            mediations,
        ),
        MD,
    ),
    # Service to the public
    Indicator(
        "notices_delivered_share",
        _names(
            "Доля доставленных извещений", "Жеткізілген хабарламалардың үлесі", "Notices delivered"
        ),
        _("SMS and e-mail notices about cases confirmed delivered, as a share of those sent."),
        Unit.PERCENT,
        Ratio(Measure(DELIVERIES, Q(status=DeliveryStatus.DELIVERED)), deliveries),
        S,
    ),
    Indicator(
        "questionnaire_count",
        _names("Ответов на анкету", "Сауалнамаға жауаптар", "Questionnaire answers"),
        _("Answers to the anonymous evaluation questionnaire received in the period."),
        Unit.COUNT,
        Total(answers),
        S,
    ),
    Indicator(
        "satisfaction_avg",
        _names(
            "Удовлетворённость (средняя оценка)",
            "Қанағаттану (орташа баға)",
            "Satisfaction, average rating",
        ),
        _("Average rating (1 to 5) given in the evaluation questionnaire."),
        Unit.RATING,
        Total(Measure(ANSWERS, aggregate=lambda: Avg("rating"))),
        S,
    ),
    Indicator(
        "satisfaction_share",
        _names("Доля довольных", "Қанағаттанғандардың үлесі", "Satisfied users share"),
        _("Share of questionnaire answers rating 4 or 5."),
        Unit.PERCENT,
        Ratio(Measure(ANSWERS, Q(rating__gte=4)), answers),
        S,
    ),
)

BY_CODE = {indicator.code: indicator for indicator in INDICATORS}
assert len(BY_CODE) == len(INDICATORS), "indicator codes must be unique"

# What the page shows at first, and charts when none is chosen.
DEFAULT_CODES = (
    "cases_incoming",
    "cases_closed",
    "clearance_rate",
    "avg_duration_days",
    "deadline_compliance",
    "workload_per_judge",
    "online_hearing_share",
    "appeal_reversal_rate",
    "fee_revenue",
    "satisfaction_avg",
)


def indicator_get(code: str) -> Indicator | None:
    return BY_CODE.get(code)


# --- breakdowns ------------------------------------------------------------------------


def category_mix(scope: Scope, period: Period) -> list[tuple[str, str, int]]:
    """Incoming cases by category: (code, name in the reader's language, count), largest
    first."""
    rows = incoming.by(scope, period, "category__code") or {}
    if not rows:
        return []
    from cases.models import CaseCategory

    names = {c.code: str(c.name) for c in CaseCategory.objects.filter(code__in=rows)}
    mix = [(code, names.get(code, code), int(count or 0)) for code, count in rows.items()]
    return sorted(mix, key=lambda row: (-row[2], row[1]))


def scope_children(scope: Scope) -> list[Scope]:
    """The units one level down: regions of the country, courts of a region, judges of a
    court. A judge has none."""
    from cases.models import Court, CourtStaff, Position, Region

    if scope.level == Level.NATIONAL:
        return [Scope(Level.REGION, region) for region in Region.objects.order_by("name_ru")]
    if scope.level == Level.REGION:
        courts = Court.objects.filter(region=scope.unit).order_by("level", "code")
        return [Scope(Level.COURT, court) for court in courts]
    if scope.level == Level.COURT:
        posts = (
            CourtStaff.objects.filter(court=scope.unit, position=Position.JUDGE, is_active=True)
            .select_related("user")
            .order_by("user__last_name", "user__first_name")
        )
        return [Scope(Level.JUDGE, post.user) for post in posts]
    return []
