"""Committee sessions and their decisions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from calls.models.application import Application
from calls.models.call import AMOUNT, Call
from common.validators import BOUNDED_DATE_VALIDATORS, bounded_date_constraints


class CommitteeState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("state of a committee session", "planned")
    HELD = "held", _("held (decisions final)")


class CommitteeSession(models.Model):
    """A meeting of the selection committee of a call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="committee_sessions")
    date = models.DateTimeField(_("date"), validators=BOUNDED_DATE_VALIDATORS)
    place = models.CharField(_("place"), max_length=200, blank=True)
    members_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members present"),
        related_name="committee_sessions",
        blank=True,
    )
    other_attendees = models.TextField(
        _("other people present"), blank=True, help_text=_("One person per line.")
    )
    minutes = models.TextField(_("minutes"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=CommitteeState.choices, default=CommitteeState.PLANNED
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-date"]
        verbose_name = _("committee session")
        verbose_name_plural = _("committee sessions")
        constraints = [
            *bounded_date_constraints("date", with_time=True),
        ]

    def __str__(self) -> str:
        return f"{self.call} – {self.date:%Y-%m-%d}"


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class CommitteeDecision(models.Model):
    session = models.ForeignKey(
        CommitteeSession, on_delete=models.CASCADE, related_name="decisions"
    )
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="committee_decision"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    amount = models.DecimalField(_("amount granted (€)"), null=True, blank=True, **AMOUNT)
    motivation = models.TextField(_("motivation"), blank=True)
    decided_at = models.DateTimeField(
        _("decided on"), default=timezone.now, validators=BOUNDED_DATE_VALIDATORS
    )

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="accepted", amount__isnull=False, amount__gt=0)
                | Q(decision="rejected", amount__isnull=True),
                name="decision_amount_matches_decision",
            ),
            models.CheckConstraint(
                condition=~Q(decision="rejected") | ~Q(motivation=""),
                name="rejection_is_motivated",
            ),
            *bounded_date_constraints("decided_at", with_time=True),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_decision_display()}"
