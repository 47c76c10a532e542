"""Writes of the contributors from partner organisations and their invitations (the
invite / accept / cancel rules are the shared ones of ``partners.invitations``)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.models import CooperationProject, ProjectContributor, ProjectInvitation
from partners.invitations import (
    InvitationKind,
    invitation_accept,
    invitation_cancel,
    invitation_create,
    invitation_normalise_email,
)
from partners.models import Organisation, User


def _project_join(invitation: ProjectInvitation, user: User) -> ProjectContributor:
    """Joining a project: a role on it, for the organisation named by the invitation."""
    contributor, _created = ProjectContributor.objects.get_or_create(
        project=invitation.project,
        user=user,
        defaults={"role": invitation.role, "organisation": invitation.organisation},
    )
    return contributor


PROJECT_INVITATION: InvitationKind[ProjectInvitation, ProjectContributor] = InvitationKind(
    join=_project_join,
    accept_url_name="cooperation:project_invitation_accept",
    email_template="cooperation/email/contributor_invitation",
    expired_message=gettext_lazy(
        "This invitation has expired: ask the department's officer for a new one."
    ),
)


@transaction.atomic
def project_contributor_invite(
    *,
    project: CooperationProject,
    email: str,
    role: str,
    invited_by: User | None,
    organisation: Organisation | None = None,
) -> ProjectInvitation:
    """Invites someone of a partner organisation on this project only."""
    if project.contributors.filter(user__email__iexact=invitation_normalise_email(email)).exists():
        raise ValidationError(_("This person already contributes to the project."))
    return invitation_create(
        kind=PROJECT_INVITATION,
        invitations=project.invitations,
        email=email,
        invited_by=invited_by,
        email_context={"project": project},
        role=role,
        organisation=organisation,
    )


def project_invitation_accept(*, invitation: ProjectInvitation, user: User) -> ProjectContributor:
    """The invited person takes their role on the project, within the two weeks."""
    return invitation_accept(kind=PROJECT_INVITATION, invitation=invitation, user=user)


def project_invitation_cancel(*, invitation: ProjectInvitation) -> None:
    invitation_cancel(invitation=invitation)


@transaction.atomic
def project_contributor_remove(*, contributor: ProjectContributor) -> None:
    contributor.delete()
