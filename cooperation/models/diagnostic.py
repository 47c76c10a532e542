"""The shared diagnostic: versions, what each partner writes, comments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.validators import BOUNDED_DATE_VALIDATORS, bounded_date_constraints
from cooperation.models.projects import CooperationProject


class DiagnosticSection(models.TextChoices):
    CONTEXT = "context", _("context")
    NEEDS = "needs", _("needs")
    ASSETS = "assets", _("assets and resources")
    ACTORS = "actors", _("actors")
    ESS_OPPORTUNITIES = "ess_opportunities", _("ESS opportunities")


class Diagnostic(models.Model):
    """One version of the project's shared diagnostic; read-only once validated."""

    project = models.ForeignKey(
        CooperationProject, on_delete=models.CASCADE, related_name="diagnostics"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    opened_at = models.DateTimeField(_("opened on"), auto_now_add=True)
    validated_at = models.DateTimeField(
        _("validated on"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["project", "-number"]
        verbose_name = _("shared diagnostic")
        verbose_name_plural = _("shared diagnostics")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="one_diagnostic_per_version"
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(validated_at__isnull=True),
                name="one_open_diagnostic_per_project",
            ),
            *bounded_date_constraints("validated_at", with_time=True),
        ]

    def __str__(self) -> str:
        return f"{self.project} – v{self.number}"

    @property
    def is_validated(self) -> bool:
        return self.validated_at is not None


class DiagnosticContribution(models.Model):
    """What one partner writes in one section of the diagnostic."""

    diagnostic = models.ForeignKey(
        Diagnostic, on_delete=models.CASCADE, related_name="contributions"
    )
    section = models.CharField(_("section"), max_length=20, choices=DiagnosticSection.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("on behalf of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("diagnostic contribution")
        verbose_name_plural = _("diagnostic contributions")

    def __str__(self) -> str:
        return f"{self.get_section_display()} – {self.author}"


class DiagnosticComment(models.Model):
    contribution = models.ForeignKey(
        DiagnosticContribution, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"
