"""Objectives and the action plan: activities and their milestones."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.validators import BOUNDED_DATE_VALIDATORS, bounded_date_constraints
from cooperation.models.projects import CooperationProject, ProjectPartner
from cooperation.models.sdgs import SdgTarget


class Objective(models.Model):
    """An objective co-elaborated with the partners, tied to SDG targets."""

    project = models.ForeignKey(
        CooperationProject, on_delete=models.CASCADE, related_name="objectives"
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    sdg_targets = models.ManyToManyField(
        SdgTarget, verbose_name=_("SDG targets"), related_name="objectives", blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"], m2m_fields=[sdg_targets])

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return self.title


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class Activity(models.Model):
    """A line of the action plan."""

    project = models.ForeignKey(
        CooperationProject, on_delete=models.CASCADE, related_name="activities"
    )
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    responsible = models.ForeignKey(
        ProjectPartner,
        verbose_name=_("responsible partner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    start_date = models.DateField(
        _("start date"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="activity_ends_after_it_starts",
            ),
            *bounded_date_constraints("start_date", "end_date"),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=250)
    due_date = models.DateField(_("due date"), validators=BOUNDED_DATE_VALIDATORS)
    reached_on = models.DateField(
        _("reached on"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            *bounded_date_constraints("due_date", "reached_on"),
        ]

    def __str__(self) -> str:
        return self.title
