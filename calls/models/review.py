"""The reviewers' assignments and their scores."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models.application import Application
from calls.models.call import Criterion
from common.validators import BOUNDED_DATE_VALIDATORS, bounded_date_constraints


class ReviewAssignment(models.Model):
    """A reviewer asked to score an application; recused once they declare a conflict."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(
        _("assigned on"), default=timezone.now, validators=BOUNDED_DATE_VALIDATORS
    )
    # None: not declared yet; True: a conflict of interest (recused); False: none.
    conflict_declared = models.BooleanField(_("conflict of interest"), null=True, blank=True)
    conflict_details = models.TextField(_("about the conflict"), blank=True)
    declared_at = models.DateTimeField(
        _("declared on"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    submitted_at = models.DateTimeField(
        _("review submitted on"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )

    class Meta:
        ordering = ["assigned_at", "pk"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_assignment_per_reviewer"
            ),
            models.CheckConstraint(
                condition=Q(conflict_declared__isnull=True) | Q(declared_at__isnull=False),
                name="assignment_declaration_dated",
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | Q(conflict_declared=False),
                name="assignment_submitted_without_conflict",
            ),
            *bounded_date_constraints("assigned_at", "declared_at", "submitted_at", with_time=True),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application}"


class Score(models.Model):
    """A reviewer's score on one criterion; no value means "not applicable" (left out of
    the average). The range 0…max_score is checked by the service."""

    assignment = models.ForeignKey(
        ReviewAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="score_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
