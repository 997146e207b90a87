from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


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
