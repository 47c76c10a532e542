"""Indicators co-elaborated with the partners and their measured values."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.validators import BOUNDED_DATE_VALIDATORS, bounded_date_constraints
from cooperation.models.planning import Objective
from cooperation.models.projects import CooperationProject
from cooperation.models.sdgs import SdgTarget


def measurement_evidence_path(instance, filename: str) -> str:
    return f"projects/{instance.indicator.project_id}/evidence/{filename}"


class IndicatorLevel(models.TextChoices):
    OUTPUT = "output", _("output")
    OUTCOME = "outcome", _("outcome")


class MeasureType(models.TextChoices):
    NUMBER = "number", pgettext_lazy("measure", "number")
    PERCENTAGE = "percentage", _("percentage")
    QUALITATIVE = "qualitative", _("qualitative")


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class Indicator(models.Model):
    """An evaluation indicator co-elaborated with the partners."""

    project = models.ForeignKey(
        CooperationProject, on_delete=models.CASCADE, related_name="indicators"
    )
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget, verbose_name=_("SDG targets"), related_name="indicators", blank=True
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("definition and source"), blank=True)
    level = models.CharField(_("level"), max_length=10, choices=IndicatorLevel.choices)
    measure_type = models.CharField(_("measure"), max_length=12, choices=MeasureType.choices)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    baseline_date = models.DateField(
        _("baseline date"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    target_value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    target_date = models.DateField(
        _("target date"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    cumulative = models.BooleanField(
        _("cumulative"),
        default=False,
        help_text=_(
            "The periods add up (tonnes sold each year); otherwise the latest value counts."
        ),
    )
    reported_by = models.CharField(
        _("who reports"), max_length=200, blank=True, help_text=_("Organisation or person.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"], m2m_fields=[sdg_targets])

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=~Q(measure_type="qualitative")
                | (Q(baseline_value__isnull=True) & Q(target_value__isnull=True)),
                name="qualitative_indicator_has_no_numbers",
            ),
            models.CheckConstraint(
                condition=~Q(measure_type="percentage")
                | (
                    (
                        Q(baseline_value__isnull=True)
                        | Q(baseline_value__gte=0, baseline_value__lte=100)
                    )
                    & (Q(target_value__isnull=True) | Q(target_value__gte=0, target_value__lte=100))
                ),
                name="percentage_indicator_within_0_100",
            ),
            *bounded_date_constraints("baseline_date", "target_date"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_qualitative(self) -> bool:
        return self.measure_type == MeasureType.QUALITATIVE


class MeasurementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned")


class Measurement(models.Model):
    """The value of an indicator over one period, reported then reviewed by an officer."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period_start = models.DateField(_("period start"), validators=BOUNDED_DATE_VALIDATORS)
    period_end = models.DateField(_("period end"), validators=BOUNDED_DATE_VALIDATORS)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3, null=True, blank=True)
    text_value = models.TextField(_("qualitative value"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=measurement_evidence_path, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MeasurementStatus.choices,
        default=MeasurementStatus.DRAFT,
    )
    review_note = models.TextField(_("note of the reviewer"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(
        _("reviewed on"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    submitted_at = models.DateTimeField(
        _("submitted on"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period_end", "pk"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="measurement_period_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(value__isnull=False) | ~Q(text_value=""),
                name="reported_measurement_has_a_value",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(reviewed_at__isnull=False),
                name="approved_measurement_is_reviewed",
            ),
            *bounded_date_constraints("period_start", "period_end"),
            *bounded_date_constraints("reviewed_at", "submitted_at", with_time=True),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} – {self.period_start}/{self.period_end}"
