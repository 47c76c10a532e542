"""Writes of the shared diagnostic: contributions, comments, validation, new versions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.models import (
    CooperationProject,
    Diagnostic,
    DiagnosticComment,
    DiagnosticContribution,
    ProjectContributor,
)
from cooperation.selectors.contributors import contributor_speaking_organisations
from partners.models import Organisation, User


def _open_diagnostic(project: CooperationProject) -> Diagnostic:
    """The version being written, created at the first contribution."""
    # Two first contributions at the same moment must not both create version 1.
    CooperationProject.objects.select_for_update().filter(pk=project.pk).first()
    diagnostic = project.diagnostics.filter(validated_at__isnull=True).first()
    if diagnostic is not None:
        return diagnostic
    if project.diagnostics.exists():
        raise ValidationError(
            _("The diagnostic is validated and read-only: open a new version to change it.")
        )
    return Diagnostic.objects.create(project=project, number=1)


@transaction.atomic
def diagnostic_contribution_add(
    *,
    project: CooperationProject,
    author: User,
    section: str,
    text: str,
    organisation: Organisation | None = None,
    contributor: ProjectContributor | None = None,
) -> DiagnosticContribution:
    """``contributor``: the author's role on the project when they write as a partner (not
    as the department's staff); they speak only for the organisations of their own side."""
    if (
        contributor is not None
        and organisation is not None
        and not contributor_speaking_organisations(contributor=contributor)
        .filter(pk=organisation.pk)
        .exists()
    ):
        raise ValidationError(
            {
                "organisation": _(
                    "You can only write on behalf of an organisation of your side of the project."
                )
            }
        )
    diagnostic = _open_diagnostic(project)
    return DiagnosticContribution.objects.create(
        diagnostic=diagnostic, section=section, author=author, text=text, organisation=organisation
    )


@transaction.atomic
def diagnostic_comment_add(
    *, contribution: DiagnosticContribution, author: User, text: str
) -> DiagnosticComment:
    if contribution.diagnostic.is_validated:
        raise ValidationError(_("The diagnostic is validated and read-only."))
    return DiagnosticComment.objects.create(contribution=contribution, author=author, text=text)


@transaction.atomic
def diagnostic_validate(*, diagnostic: Diagnostic, officer: User) -> Diagnostic:
    if diagnostic.is_validated:
        return diagnostic
    if not diagnostic.contributions.exists():
        raise ValidationError(_("An empty diagnostic cannot be validated."))
    diagnostic.validated_at = timezone.now()
    diagnostic.validated_by = officer
    diagnostic.save(update_fields=["validated_at", "validated_by"])
    return diagnostic


@transaction.atomic
def diagnostic_open_new_version(*, project: CooperationProject) -> Diagnostic:
    """A new version starts from the validated one: its contributions are copied."""
    latest = project.diagnostics.order_by("-number").first()
    if latest is None or not latest.is_validated:
        raise ValidationError(_("A version of the diagnostic is already open."))
    diagnostic = Diagnostic.objects.create(project=project, number=latest.number + 1)
    originals = list(latest.contributions.all())
    copies = DiagnosticContribution.objects.bulk_create(
        DiagnosticContribution(
            diagnostic=diagnostic,
            section=c.section,
            author_id=c.author_id,
            organisation_id=c.organisation_id,
            text=c.text,
        )
        for c in originals
    )
    # Each contribution keeps the date it was written (auto_now_add stamped the copies).
    for copy, original in zip(copies, originals, strict=True):
        copy.created_at = original.created_at
    DiagnosticContribution.objects.bulk_update(copies, ["created_at"])
    return diagnostic
