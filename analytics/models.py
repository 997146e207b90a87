from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from pgvector.django import HnswIndex, VectorField


class EvaluatedService(models.TextChoices):
    PORTAL = "portal", _("The portal as a whole")
    FILING = "filing", _("Filing documents")
    HEARING = "hearing", _("Online hearings")
    REGISTER = "register", _("Register of judicial acts")
    NOTIFICATIONS = "notifications", _("Notifications")
    RECEPTION = "reception", _("Reception and appointments")


class QuestionnaireResponse(models.Model):
    """One anonymous answer to the external evaluation questionnaire. Nothing identifying
    is kept (no account, no IP); the satisfaction indicators are computed from these."""

    court = models.ForeignKey(
        "cases.Court", verbose_name=_("court"), null=True, blank=True, on_delete=models.SET_NULL
    )
    service = models.CharField(_("service"), max_length=32, choices=EvaluatedService)
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("what should be improved"), max_length=2000, blank=True)
    language = models.CharField(max_length=2)
    submitted_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("questionnaire answer")
        verbose_name_plural = _("questionnaire answers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="rating_one_to_five"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.rating}"


# --- case-law analytics ----------------------------------------------------------------

EMBEDDING_DIMENSIONS = 384  # multilingual-e5-small


class ActEmbedding(models.Model):
    """A vector of (a passage of) an act, with the model that made it. Chunk 0 is the act as
    a whole (what fits the model); further chunks are passages (see analytics.embeddings).
    Vectors of another model or version are ignored by searches and re-made by the jobs."""

    act = models.ForeignKey("acts_registry.Act", on_delete=models.CASCADE, related_name="+")
    chunk = models.PositiveSmallIntegerField(default=0)
    start = models.PositiveIntegerField(default=0)  # character offsets of the passage
    end = models.PositiveIntegerField(default=0)
    model_name = models.CharField(max_length=100)
    model_version = models.CharField(max_length=40)
    vector = VectorField(dimensions=EMBEDDING_DIMENSIONS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["act", "chunk", "model_name", "model_version"],
                name="one_vector_per_act_chunk_model",
            )
        ]
        indexes = [
            HnswIndex(
                name="act_embedding_hnsw",
                fields=["vector"],
                m=16,
                ef_construction=64,
                opclasses=["vector_cosine_ops"],
            ),
            models.Index(fields=["model_name", "model_version"]),
        ]

    def __str__(self) -> str:
        return f"act {self.act_id} #{self.chunk} ({self.model_name} {self.model_version})"


class ModelArtifact(models.Model):
    """A trained model (outcome forecast, category, ...): versioned, with its evaluation
    report. One per name is current; a new version replaces it only if it scores no worse."""

    name = models.CharField(max_length=100)
    version = models.PositiveIntegerField()
    task = models.CharField(max_length=40)  # "outcome", "category", ...
    path = models.CharField(max_length=500)  # the artifact's file, relative to ANALYTICS_DIR
    sha256 = models.CharField(max_length=64)
    metrics = models.JSONField(default=dict)
    trained_on = models.CharField(max_length=500, blank=True)
    is_current = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="model_version_once"),
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(is_current=True), name="one_current_model"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class AIInteraction(models.Model):
    """Every answer an AI function gave: what was asked (by hash), by which model, what it
    answered and who saw it; the judge may mark it wrong. Kept for review and audit."""

    kind = models.CharField(max_length=40)  # similar, rank, category, forecast, nonstandard
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    input_sha256 = models.CharField(max_length=64)
    model_name = models.CharField(max_length=100)
    model_version = models.CharField(max_length=40)
    output = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    marked_wrong_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_wrong_at = models.DateTimeField(null=True, blank=True)
    feedback = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class NonStandardFlag(models.Model):
    """An act whose outcome differs from what similar cases decided, with the evidence."""

    class Status(models.TextChoices):
        OPEN = "open", _("To review")
        CONFIRMED = "confirmed", _("Confirmed as non-standard")
        DISMISSED = "dismissed", _("Dismissed")

    act = models.ForeignKey("acts_registry.Act", on_delete=models.CASCADE, related_name="+")
    model_name = models.CharField(max_length=100)
    model_version = models.CharField(max_length=40)
    score = models.FloatField()  # how unusual: 1 - probability of the act's own outcome
    evidence = models.JSONField(default=dict)  # neighbours, their outcomes, the articles
    status = models.CharField(max_length=16, choices=Status, default=Status.OPEN)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["act", "model_name", "model_version"], name="one_flag_per_act_model"
            )
        ]

    def __str__(self) -> str:
        return f"act {self.act_id}: {self.score:.2f}"
