"""Delegations hosted by the department and exchanges with their follow-up actions."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.validators import BOUNDED_DATE_VALIDATORS, bounded_date_constraints
from cooperation.models.projects import CooperationProject


class Delegation(models.Model):
    """A foreign delegation hosted by the department."""

    department = models.ForeignKey(
        "partners.Department", on_delete=models.PROTECT, related_name="delegations"
    )
    project = models.ForeignKey(
        CooperationProject,
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegations",
    )
    origin = models.ForeignKey(
        "partners.PartnerTerritory",
        verbose_name=_("coming from"),
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    arrival_date = models.DateField(_("arrival"), validators=BOUNDED_DATE_VALIDATORS)
    departure_date = models.DateField(_("departure"), validators=BOUNDED_DATE_VALIDATORS)
    members = models.TextField(_("members"), help_text=_("One person per line, with their role."))
    programme = models.TextField(_("programme"), blank=True)
    structures = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("ESS structures mobilised for their expertise"),
        related_name="delegations_hosted",
        blank=True,
    )
    outcomes = models.TextField(_("outcomes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-arrival_date"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.CheckConstraint(
                condition=Q(departure_date__gte=F("arrival_date")),
                name="delegation_leaves_after_it_arrives",
            ),
            *bounded_date_constraints("arrival_date", "departure_date"),
        ]

    def __str__(self) -> str:
        return f"{self.origin} – {self.arrival_date}"


class ExchangeKind(models.TextChoices):
    MEETING = "meeting", _("meeting")
    CALL = "call", _("call or video conference")
    VISIT = "visit", _("visit")
    OTHER = "other", _("other")


class Exchange(models.Model):
    """A meeting, call or visit between the actors of a project."""

    project = models.ForeignKey(
        CooperationProject, on_delete=models.CASCADE, related_name="exchanges"
    )
    date = models.DateField(_("date"), validators=BOUNDED_DATE_VALIDATORS)
    kind = models.CharField(_("kind"), max_length=10, choices=ExchangeKind.choices)
    title = models.CharField(_("subject"), max_length=200)
    participants = models.TextField(_("participants"))
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        constraints = [
            *bounded_date_constraints("date"),
        ]

    def __str__(self) -> str:
        return f"{self.date} – {self.title}"


class FollowUpAction(models.Model):
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="follow_up_actions",
    )
    due_date = models.DateField(_("due date"), validators=BOUNDED_DATE_VALIDATORS)
    done_at = models.DateTimeField(
        _("done on"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        indexes = [
            models.Index(
                fields=["due_date"], condition=Q(done_at__isnull=True), name="open_action_due_idx"
            )
        ]
        constraints = [
            *bounded_date_constraints("due_date"),
            *bounded_date_constraints("done_at", with_time=True),
        ]

    def __str__(self) -> str:
        return self.description
