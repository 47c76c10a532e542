"""People of partner organisations with a role on one project, and their invitations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.validators import bounded_date_constraints
from cooperation.models.projects import CooperationProject
from partners.models import Invitation


class ContributorRole(models.TextChoices):
    CONTRIBUTOR = "contributor", _("contributor")
    READER = "reader", _("reader")


class ProjectContributor(models.Model):
    """A person of a partner organisation with a role on this project only."""

    project = models.ForeignKey(
        CooperationProject, on_delete=models.CASCADE, related_name="contributors"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_roles"
    )
    role = models.CharField(_("role"), max_length=12, choices=ContributorRole.choices)
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__email"]
        verbose_name = _("project contributor")
        verbose_name_plural = _("project contributors")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user"], name="one_contributor_role_per_project"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.project} ({self.get_role_display()})"


class ProjectInvitation(Invitation):
    """An e-mail invitation to contribute to (or read) one project."""

    project = models.ForeignKey(
        CooperationProject, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=12, choices=ContributorRole.choices)
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(Invitation.Meta):
        verbose_name = _("project invitation")
        verbose_name_plural = _("project invitations")
        constraints = [
            models.UniqueConstraint(
                "project",
                Lower("email"),
                condition=Q(accepted_at__isnull=True),
                name="one_pending_project_invitation_per_email",
            ),
            *bounded_date_constraints("accepted_at", with_time=True),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.project}"
