"""Grants, their instalments, and the winners' final report."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from calls.models.application import Application
from calls.models.call import AMOUNT
from common.validators import BOUNDED_DATE_VALIDATORS, bounded_date_constraints


def final_report_path(instance, filename: str) -> str:
    return f"calls/applications/{instance.application_id}/report/{filename}"


class Grant(models.Model):
    """The grant of an accepted application, paid in instalments."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="grant")
    amount = models.DecimalField(_("amount (€)"), **AMOUNT)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.amount} €"


class InstalmentKind(models.TextChoices):
    ADVANCE = "advance", _("advance")
    BALANCE = "balance", _("balance")


class InstalmentState(models.TextChoices):
    PLANNED = "planned", _("planned")
    PAID = "paid", _("paid")
    CANCELLED = "cancelled", _("cancelled")


class Instalment(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="instalments")
    kind = models.CharField(_("kind"), max_length=10, choices=InstalmentKind.choices)
    amount = models.DecimalField(_("amount (€)"), **AMOUNT)
    due_date = models.DateField(
        _("due on"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    paid_on = models.DateField(
        _("paid on"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    state = models.CharField(
        _("state"), max_length=10, choices=InstalmentState.choices, default=InstalmentState.PLANNED
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["grant", "kind"]
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        constraints = [
            models.UniqueConstraint(fields=["grant", "kind"], name="one_instalment_per_kind"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="instalment_amount_positive"),
            models.CheckConstraint(
                condition=~Q(state="paid") | Q(paid_on__isnull=False),
                name="paid_instalment_has_date",
            ),
            *bounded_date_constraints("due_date", "paid_on"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount} €"


class FinalReport(models.Model):
    """What the winners report after their return."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="final_report"
    )
    narrative = models.TextField(_("what happened"), blank=True)
    presentation_date = models.DateField(
        _("public presentation held on"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    presentation_place = models.CharField(
        _("place of the presentation"), max_length=200, blank=True
    )
    presentation_audience = models.PositiveIntegerField(
        _("number of people in the audience"), null=True, blank=True
    )
    financial_report = models.FileField(
        _("financial report"), upload_to=final_report_path, blank=True
    )
    financial_report_name = models.CharField(max_length=255, blank=True)
    submitted_at = models.DateTimeField(
        _("submitted on"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = _("final report")
        verbose_name_plural = _("final reports")
        constraints = [
            *bounded_date_constraints("presentation_date"),
            *bounded_date_constraints("submitted_at", with_time=True),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {_('final report')}"
