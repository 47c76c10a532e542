"""Changes of a published structure's identity, proposed by its manager and reviewed by
its department before the public sees them (``partners.services_revisions`` says which
fields and why).

A model of the partners app kept in a module of its own (``partners.models`` imports it,
so Django registers it with the others): it names the organisation by its label, so this
module imports no other model module.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.validators import BOUNDED_DATE_VALIDATORS, bounded_date_constraints


class RevisionStatus(models.TextChoices):
    PENDING = "pending", _("awaiting review")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


class StructureRevision(models.Model):
    """The new values a manager proposes for the identity of their published structure:
    only the fields that differ from the validated record, by field name, as JSON
    (``proposed``). While it is pending, the public directory, the structure's page and
    the open data keep the validated values; its department accepts it (the values are
    written on the structure, with the structure's history) or refuses it with a reason.
    One pending revision at most per structure: a new edit updates it."""

    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    proposed = models.JSONField(_("proposed values"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RevisionStatus.choices,
        default=RevisionStatus.PENDING,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("proposed on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(
        _("decided on"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    reason = models.TextField(_("reason of the refusal"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("proposed change of a structure")
        verbose_name_plural = _("proposed changes of structures")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status=RevisionStatus.PENDING),
                name="one_pending_revision_per_structure",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RevisionStatus.values), name="revision_status_is_known"
            ),
            models.CheckConstraint(
                condition=Q(status=RevisionStatus.PENDING) | Q(decided_at__isnull=False),
                name="decided_revision_has_its_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=RevisionStatus.REFUSED) | ~Q(reason=""),
                name="refused_revision_has_a_reason",
            ),
            *bounded_date_constraints("decided_at", with_time=True),
        ]
        indexes = [
            models.Index(
                "created_at",
                condition=Q(status=RevisionStatus.PENDING),
                name="revision_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} – {self.get_status_display()} ({self.created_at:%Y-%m-%d})"

    @property
    def is_pending(self) -> bool:
        return self.status == RevisionStatus.PENDING
