from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.utils.translation import gettext_lazy as _


class Courtroom(models.Model):
    """A room where hearings are held. Every courtroom records audio and video; rooms with
    video-conference equipment can host mixed hearings (some participants online)."""

    court = models.ForeignKey("cases.Court", on_delete=models.PROTECT, related_name="rooms")
    number = models.CharField(_("room"), max_length=16)
    capacity = models.PositiveSmallIntegerField(_("seats"), default=20)
    has_video_conference = models.BooleanField(_("video conference equipment"), default=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("courtroom")
        verbose_name_plural = _("courtrooms")
        ordering = ["court", "number"]
        constraints = [
            models.UniqueConstraint(fields=["court", "number"], name="room_number_per_court")
        ]

    def __str__(self) -> str:
        return f"{self.court.code} — {self.number}"


class HearingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In the courtroom")
    ONLINE = "online", _("Online (video conference)")
    MIXED = "mixed", _("Mixed: courtroom and online")


class SessionKind(models.TextChoices):
    HEARING = "hearing", _("Court hearing")
    CONVERSATION = "conversation", _("Online conversation before the hearing")


class HearingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    STARTED = "started", _("In progress")
    RECESS = "recess", _("Recess")
    RESUMED = "resumed", _("Resumed")
    FINISHED = "finished", _("Finished")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


# A hearing in one of these states holds its judge, room and time.
ACTIVE_STATUSES = ("scheduled", "started", "recess", "resumed")


class PostponementGround(models.TextChoices):
    TECHNICAL_FAILURE = "technical_failure", _("Technical failure of the video link")
    PARTY_ABSENT = "party_absent", _("A party did not appear")
    PARTY_REQUEST = "party_request", _("At a party's request")
    EVIDENCE = "evidence", _("To obtain evidence")
    JUDGE_UNAVAILABLE = "judge_unavailable", _("The judge is unavailable")
    OTHER = "other", _("Other ground")


class _Range(models.Func):
    """int8range(x, x, '[]') / tstzrange(a, b): GiST indexes ranges natively, so an
    equality on an id can be written as overlap of one-point ranges. The embedded
    PostgreSQL has no btree_gist; this keeps the exclusion constraints within core."""

    def __init__(self, function: str, *expressions, output_field=None):
        self.function = function
        super().__init__(*expressions, output_field=output_field)


def _point(field: str) -> _Range:
    return _Range(
        "int8range",
        models.F(field),
        models.F(field),
        models.Value("[]"),
        output_field=models.TextField(),
    )


def _period() -> _Range:
    return _Range(
        "tstzrange",
        models.F("starts_at"),
        models.F("ends_at"),
        models.Value("[)"),
        output_field=models.TextField(),
    )


class Hearing(models.Model):
    """A court session of a case. Two active hearings can never share a judge or a room
    at overlapping times: the database refuses it (exclusion constraints), so two clerks
    booking the same slot at the same moment cannot both succeed."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="hearings")
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="hearings"
    )
    room = models.ForeignKey(
        Courtroom, null=True, blank=True, on_delete=models.PROTECT, related_name="hearings"
    )
    format = models.CharField(_("format"), max_length=16, choices=HearingFormat)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(
        _("status"), max_length=16, choices=HearingStatus, default=HearingStatus.SCHEDULED
    )
    postponement_ground = models.CharField(
        _("ground for postponement"), max_length=32, choices=PostponementGround, blank=True
    )
    postponement_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The video-conference room's name at the provider (online and mixed hearings).
    video_room = models.CharField(max_length=64, blank=True)
    # A hearing proper, or the online conversation with the parties before it.
    kind = models.CharField(_("kind"), max_length=16, choices=SessionKind, default="hearing")

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="hearing_ends_after_start",
            ),
            ExclusionConstraint(
                name="hearing_judge_not_double_booked",
                index_type="gist",
                expressions=[
                    (_point("judge_id"), RangeOperators.OVERLAPS),
                    (_period(), RangeOperators.OVERLAPS),
                ],
                condition=models.Q(status__in=ACTIVE_STATUSES),
            ),
            ExclusionConstraint(
                name="hearing_room_not_double_booked",
                index_type="gist",
                expressions=[
                    (_point("room_id"), RangeOperators.OVERLAPS),
                    (_period(), RangeOperators.OVERLAPS),
                ],
                condition=models.Q(status__in=ACTIVE_STATUSES, room__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.starts_at:%Y-%m-%d %H:%M}"


class Unavailability(models.Model):
    """A participant's calendar: when they cannot attend (the judge takes it into account
    when scheduling)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unavailability"
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("unavailability")
        verbose_name_plural = _("unavailability")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="unavailability_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class CalendarFeed(models.Model):
    """A person's private calendar address (.ics) for their hearings. The token is the
    only secret: regenerating it cuts off every copy of the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"feed of {self.user_id}"


class HearingEventKind(models.TextChoices):
    OPENED = "opened", _("Hearing opened")
    APPEARANCE_CHECKED = "appearance_checked", _("Appearance of the participants checked")
    RIGHTS_EXPLAINED = "rights_explained", _("Rights and duties explained")
    PETITION_DECIDED = "petition_decided", _("Petition decided")
    EVIDENCE_EXAMINED = "evidence_examined", _("Evidence examined")
    RECESS = "recess", _("Recess")
    RESUMED = "resumed", _("Hearing resumed")
    DECISION_ANNOUNCED = "decision_announced", _("Decision announced")
    CLOSED = "closed", _("Hearing closed")


class HearingEvent(models.Model):
    """What happened in the hearing, and when: pushed live to the participants (and to the
    public for open hearings) and written, in order, into the brief protocol."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    kind = models.CharField(_("event"), max_length=24, choices=HearingEventKind)
    note = models.TextField(_("note"), blank=True, max_length=4000)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.hearing_id} {self.kind}"


class BroadcastConsent(models.Model):
    """A party's consent to the public broadcast of an open hearing."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="consents")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hearing", "user"], name="consent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} consents to {self.hearing_id}"


def _recording_path(instance, filename: str) -> str:
    return f"recordings/{instance.hearing.case_id}/{instance.hearing_id}/{instance.sha256[:16]}"


class Recording(models.Model):
    """An audio/video recording of a hearing (the electronic protocol). Participants may
    watch and download it after accepting the personal-data warning; recordings of closed
    hearings are reviewed on the court's premises only, never sent out."""

    hearing = models.ForeignKey(Hearing, on_delete=models.PROTECT, related_name="recordings")
    file = models.FileField(upload_to=_recording_path, max_length=300)
    file_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    # The language spoken at the hearing, which picks the speech model for the transcript.
    language = models.CharField(
        _("language of the hearing"), max_length=2, choices=settings.LANGUAGES, default="ru"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.file_name


class RecordingUpload(models.Model):
    """A chunked upload in progress. Only a complete upload whose size and SHA-256 match
    what was announced becomes a Recording; an abandoned one is deleted."""

    public_id = models.UUIDField(unique=True)
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, default="ru")
    received = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.file_name} {self.received}/{self.size}"


class RecordingWarningAccepted(models.Model):
    """Proof that a person accepted the warning that a recording may be used only
    lawfully (personal-data liability) before getting it."""

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    accepted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id} accepted for {self.recording_id}"


class TranscriptStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    DONE = "done", _("Ready")
    UNAVAILABLE = "unavailable", _("Not available")
    FAILED = "failed", _("Failed")


class Transcript(models.Model):
    """The automatic transcript of a recording: what the speech engine heard, with times.
    It helps to find a moment in the recording; it is not the protocol and is never
    edited into one (the recording itself is the evidence)."""

    recording = models.OneToOneField(Recording, on_delete=models.CASCADE, related_name="transcript")
    status = models.CharField(
        _("status"), max_length=12, choices=TranscriptStatus, default=TranscriptStatus.PENDING
    )
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)
    engine = models.CharField(max_length=100, blank=True)  # engine, version and model
    # [{"start": seconds, "end": seconds, "text": "..."}], in order of time.
    segments = models.JSONField(default=list)
    # Why it is unavailable or failed: a key of hearings.speech.REASONS, shown in the
    # reader's language, and what the tool said, if anything (language-neutral).
    reason = models.CharField(max_length=20, blank=True)
    reason_detail = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("transcript")
        verbose_name_plural = _("transcripts")

    def __str__(self) -> str:
        return f"{self.recording_id} {self.status}"

    @property
    def text(self) -> str:
        return " ".join(segment["text"] for segment in self.segments)

    @property
    def reason_text(self) -> str:
        from hearings.speech import REASONS

        words = str(REASONS.get(self.reason, self.reason))
        return f"{words} {self.reason_detail}".strip()


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")


class Appointment(models.Model):
    """A personal appointment with a judge or the chairman during reception hours. The
    database refuses two live appointments with one official at overlapping times."""

    official = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments_received"
    )
    court = models.ForeignKey("cases.Court", on_delete=models.PROTECT, related_name="+")
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    topic = models.CharField(_("topic"), max_length=500)
    status = models.CharField(
        _("status"), max_length=12, choices=AppointmentStatus, default=AppointmentStatus.BOOKED
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="appointment_ordered"
            ),
            ExclusionConstraint(
                name="appointment_official_not_double_booked",
                index_type="gist",
                expressions=[
                    (_point("official_id"), RangeOperators.OVERLAPS),
                    (_period(), RangeOperators.OVERLAPS),
                ],
                condition=models.Q(status="booked"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.official_id} {self.starts_at:%Y-%m-%d %H:%M}"


class MediationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted: reconciliation under way")
    DECLINED = "declined", _("Declined")
    SETTLED = "settled", _("Settlement signed by the parties")
    APPROVED = "approved", _("Settlement approved by the court")


class Mediation(models.Model):
    """E-reconciliation: a party proposes mediation with a professional mediator of their
    choice, the other side accepts, they meet in sessions, and a settlement signed by both
    with EDS goes to the judge for approval."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="mediations")
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mediations"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MediationStatus, default=MediationStatus.PROPOSED
    )
    settlement_text = models.TextField(_("settlement agreement"), blank=True, max_length=50_000)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mediation")
        verbose_name_plural = _("mediations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.status}"


class MediationSession(models.Model):
    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    video_room = models.CharField(max_length=64)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.mediation_id} {self.starts_at:%Y-%m-%d %H:%M}"


class SettlementSignature(models.Model):
    """Each party signs the same settlement text with their own key."""

    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="signatures")
    party = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signing_request = models.ForeignKey(
        "pki.SigningRequest", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mediation", "party"], name="one_signature_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.mediation_id} by {self.party_id}"
