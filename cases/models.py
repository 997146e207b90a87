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
