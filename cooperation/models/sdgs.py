"""The 17 Sustainable Development Goals of the UN and their targets."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models import LocalisedNameMixin


class SustainableDevelopmentGoal(LocalisedNameMixin, models.Model):
    """One of the 17 UN Sustainable Development Goals (ODD in French)."""

    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    color = models.CharField(_("colour"), max_length=7)
    short_title_fr = models.CharField(_("short title (French)"), max_length=100)
    short_title_en = models.CharField(_("short title (English)"), max_length=100)
    title_fr = models.TextField(_("title (French)"))
    title_en = models.TextField(_("title (English)"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=17), name="sdg_number_1_to_17"
            ),
            models.CheckConstraint(
                condition=Q(color__regex=r"^#[0-9A-Fa-f]{6}$"), name="sdg_color_is_hex"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_title}"

    @property
    def short_title(self) -> str:
        return self.localised("short_title")

    @property
    def title(self) -> str:
        return self.localised("title")


class SdgTarget(LocalisedNameMixin, models.Model):
    """A target of a goal, such as 2.3 or 12.a."""

    goal = models.ForeignKey(
        SustainableDevelopmentGoal, on_delete=models.CASCADE, related_name="targets"
    )
    code = models.CharField(_("code"), max_length=6, unique=True)
    position = models.PositiveSmallIntegerField(_("position"))
    title_fr = models.TextField(_("title (French)"))
    title_en = models.TextField(_("title (English)"))

    class Meta:
        ordering = ["goal", "position"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return self.localised("title")
