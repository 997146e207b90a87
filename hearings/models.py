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
