from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from judicial_account.core.models import TrilingualName


class Region(TrilingualName):
    code = models.SlugField(_("code"), max_length=32, unique=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name_ru"]


class CaseCategory(TrilingualName):
    """A category of civil cases (loans, labour, family, ...). Judges specialise in them
    and the intake robot assigns cases by them, so the catalogue is data, not code."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("case category")
        verbose_name_plural = _("case categories")
        ordering = ["name_ru"]


class CourtLevel(models.TextChoices):
    DISTRICT = "district", _("District court (first instance)")
    REGIONAL = "regional", _("Regional court (appeal)")
    SUPREME = "supreme", _("Supreme Court (cassation)")


class Court(TrilingualName):
    code = models.CharField(_("code"), max_length=16, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=CourtLevel)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT
    )
    # Where appeals against this court's acts go: district → regional → Supreme Court.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("higher court"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lower_courts",
    )
    specialisations = models.ManyToManyField(
        CaseCategory, verbose_name=_("categories heard"), blank=True
    )
    address = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("court")
        verbose_name_plural = _("courts")
        ordering = ["level", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="supreme", parent__isnull=True)
                | ~models.Q(level="supreme"),
                name="supreme_court_has_no_parent",
            ),
        ]

    _PARENT_LEVEL = {
        CourtLevel.DISTRICT: CourtLevel.REGIONAL,
        CourtLevel.REGIONAL: CourtLevel.SUPREME,
    }

    def clean(self):
        super().clean()
        expected = self._PARENT_LEVEL.get(self.level)
        if expected and (self.parent is None or self.parent.level != expected):
            raise ValidationError(
                {
                    "parent": _("A %(level)s needs a higher court of the next level.")
                    % {"level": self.get_level_display()}
                }
            )
        if self.level == CourtLevel.SUPREME and self.parent_id:
            raise ValidationError({"parent": _("The Supreme Court has no higher court.")})


class Position(models.TextChoices):
    JUDGE = "judge", _("Judge")
    CLERK = "clerk", _("Clerk / hearing secretary")
    CHAIRMAN = "chairman", _("Chairman")


class CourtStaff(models.Model):
    """A person's post at a court. A judge's specialisations steer case assignment."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="court_posts"
    )
    position = models.CharField(_("position"), max_length=16, choices=Position)
    specialisations = models.ManyToManyField(
        CaseCategory, verbose_name=_("specialisations"), blank=True
    )
    is_active = models.BooleanField(_("serving"), default=True)

    class Meta:
        verbose_name = _("court staff member")
        verbose_name_plural = _("court staff")
        constraints = [
            models.UniqueConstraint(
                fields=["court", "user", "position"], name="one_post_per_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.short_name}, {self.get_position_display()}, {self.court.code}"


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IN_PROGRESS = "in_progress", _("Being heard")
    SUSPENDED = "suspended", _("Suspended")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (CaseStatus.REGISTERED, CaseStatus.IN_PROGRESS, CaseStatus.SUSPENDED)


class Proceedings(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary proceedings")
    SIMPLIFIED = "simplified", _("Simplified (written) proceedings")


class Instance(models.TextChoices):
    FIRST = "first", _("First instance")
    APPEAL = "appeal", _("Appeal")
    CASSATION = "cassation", _("Cassation")


class Case(models.Model):
    """A civil case in one court and instance. Its number is gapless per court and year
    (see services.case_number_next); an appeal is a new case linked by `parent`."""

    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.PROTECT, related_name="cases"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    number = models.CharField(_("case number"), max_length=40, unique=True)
    category = models.ForeignKey(CaseCategory, verbose_name=_("category"), on_delete=models.PROTECT)
    proceedings = models.CharField(
        _("proceedings"), max_length=16, choices=Proceedings, default=Proceedings.ORDINARY
    )
    instance = models.CharField(
        _("instance"), max_length=16, choices=Instance, default=Instance.FIRST
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("case at the lower instance"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="judged_cases",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus, default=CaseStatus.REGISTERED
    )
    # Heard in camera: invisible to everyone but the participants and the court's staff.
    is_closed_session = models.BooleanField(_("closed hearing"), default=False)
    subject = models.CharField(_("subject of the claim"), max_length=500)
    amount = models.DecimalField(
        _("amount claimed, KZT"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    filed_at = models.DateTimeField(_("filed"))
    registered_at = models.DateTimeField(_("registered"))

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["court", "year", "sequence"], name="case_sequence_per_court_year"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gt=0),
                name="case_amount_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["judge", "status"]),
            models.Index(fields=["court", "status"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseNumberSequence(models.Model):
    """The last number given in a court and year. Registration locks this row, so numbers
    are handed out one at a time and a rolled-back registration gives its number back."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["court", "year"], name="one_sequence_per_court_year")
        ]

    def __str__(self) -> str:
        return f"{self.court_id}/{self.year}: {self.last_value}"


class PartyRole(models.TextChoices):
    PLAINTIFF = "plaintiff", _("Plaintiff")
    DEFENDANT = "defendant", _("Defendant")
    THIRD_PARTY = "third_party", _("Third party")


class Party(models.Model):
    """A participant in a case: a person by IIN or an organisation by BIN. `user` and
    `legal_entity` link to accounts when the participant has one (access follows them)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=16, choices=PartyRole)
    iin = models.CharField(_("IIN"), max_length=12, blank=True)
    bin = models.CharField(_("BIN"), max_length=12, blank=True)
    name = models.CharField(_("name"), max_length=255)
    address = models.CharField(_("address"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_parties",
    )
    legal_entity = models.ForeignKey(
        "accounts.LegalEntity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_parties",
    )

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(iin="") & ~models.Q(bin=""))
                | (~models.Q(iin="") & models.Q(bin="")),
                name="party_has_iin_or_bin",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"

    @property
    def is_individual(self) -> bool:
        return bool(self.iin)


class Representation(models.Model):
    """A lawyer acting for a party, on a power of attorney. Access ends the moment it is
    revoked or expires."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="representations")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="representations")
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="representations"
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")

    def __str__(self) -> str:
        return f"{self.representative_id} for {self.party_id}"


class JudgeAssignment(models.Model):
    """How the judge was chosen: every candidate with their workload and weight, who was
    excluded and why, the random seed and the result — enough to replay the draw."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="assignment")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    candidates = models.JSONField()
    excluded = models.JSONField(default=list)
    seed = models.CharField(max_length=64)
    specialised = models.BooleanField(default=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("judge assignment")
        verbose_name_plural = _("judge assignments")

    def __str__(self) -> str:
        return f"{self.case_id} → {self.judge_id}"


class CaseEvent(models.Model):
    """The case's timeline: registration, assignment, hearings, acts, ... Other apps add
    entries through services.case_event_add with `kind` codes they register in
    cases.timeline, which renders each entry in the reader's language."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=48)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("Running")
    MET = "met", _("Met")
    MISSED = "missed", _("Missed")


class Deadline(models.Model):
    """A procedural term running in a case, from a rule in cases.deadline_rules (kept as
    data with its legal basis). Missed terms are violations the judge and the chairman
    are told about."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    rule_code = models.CharField(_("rule"), max_length=48)
    starts_on = models.DateField(_("runs from"))
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=8, choices=DeadlineStatus, default=DeadlineStatus.OPEN
    )
    met_at = models.DateTimeField(null=True, blank=True)
    missed_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("procedural deadline")
        verbose_name_plural = _("procedural deadlines")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "rule_code"], name="one_deadline_per_rule")
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.rule_code} → {self.due_on}"

    @property
    def rule(self):
        from cases.deadline_rules import rule_get

        return rule_get(self.rule_code)


def _case_document_path(instance, filename: str) -> str:
    return (
        f"cases/{instance.case_id}/{instance.position:05d}-{instance.sha256[:12]}-{filename[-80:]}"
    )


class CaseDocument(models.Model):
    """One document of the e-case file. Documents are only ever added: a corrected one is
    a new version pointing to the previous. Each entry chains to the one before it in the
    same case (SHA-256 over the previous link and the document's own hash), so a removed,
    replaced or reordered document shows when the file is verified."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    position = models.PositiveIntegerField(_("no."))
    kind = models.CharField(_("kind"), max_length=32)
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(upload_to=_case_document_path, max_length=300)
    file_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size, bytes"))
    sha256 = models.CharField(max_length=64)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed"))
    signature = models.ForeignKey(
        "pki.SignatureRecord", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    previous_version = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chain_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("e-case file")
        ordering = ["case", "position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "position"], name="document_position_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.position} {self.title}"


class PowerOfAttorney(models.Model):
    """A principal's signed authority for a lawyer to act for them: in one case or in all
    their cases, for a period. It takes effect once signed with the principal's EDS, and
    ends the moment it is revoked or expires (access is computed from it each time)."""

    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="powers_given"
    )
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="powers_received"
    )
    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="powers_of_attorney",
        help_text=_("Empty: all cases of the principal."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    signing_request = models.ForeignKey(
        "pki.SigningRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    activated_at = models.DateTimeField(_("in force since"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("power of attorney")
        verbose_name_plural = _("powers of attorney")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="poa_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.principal_id} → {self.representative_id}"
