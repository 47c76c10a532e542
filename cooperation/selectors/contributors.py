"""Reads of the partners of a project, its contributors and their invitations."""

from django.db.models import QuerySet

from cooperation.models import (
    ContributorRole,
    CooperationProject,
    ProjectContributor,
    ProjectInvitation,
    ProjectPartner,
)
from partners.invitations import invitations_pending
from partners.models import Organisation, User


def project_partner_list(*, project: CooperationProject) -> QuerySet[ProjectPartner]:
    return project.partners.select_related("organisation", "organisation__department")


def project_contributor_list(*, project: CooperationProject) -> QuerySet[ProjectContributor]:
    return project.contributors.select_related("user", "organisation")


def project_pending_invitations(*, project: CooperationProject) -> QuerySet[ProjectInvitation]:
    return invitations_pending(invitations=project.invitations).select_related(
        "organisation", "invited_by"
    )


def project_invitation_get_pending(*, token: str) -> ProjectInvitation | None:
    return (
        invitations_pending(invitations=ProjectInvitation.objects)
        .select_related("project", "project__department")
        .filter(token=token)
        .first()
    )


def contributor_role_get(*, user: User, slug: str) -> ProjectContributor | None:
    """A person's role on a project they were invited to, if any."""
    if not user.is_authenticated:
        return None
    return (
        ProjectContributor.objects.select_related("project", "project__department", "organisation")
        .filter(user=user, project__slug=slug)
        .first()
    )


def contributor_can_write(contributor: ProjectContributor) -> bool:
    return contributor.role == ContributorRole.CONTRIBUTOR


def user_contributor_roles(*, user: User) -> QuerySet[ProjectContributor]:
    return user.project_roles.select_related("project", "project__department").order_by(
        "project__title"
    )


def project_partner_organisations(*, project: CooperationProject) -> QuerySet[Organisation]:
    """The organisations partnering the project (on whose behalf one contributes)."""
    return Organisation.objects.filter(project_partnerships__project=project).order_by("name")


def contributor_speaking_organisations(
    *, contributor: ProjectContributor
) -> QuerySet[Organisation]:
    """The organisations a contributor may write on behalf of: the partners of the project
    on the side of the contributor's own organisation (none when that organisation is not
    a partner of the project)."""
    if contributor.organisation_id is None:
        return Organisation.objects.none()
    sides = ProjectPartner.objects.filter(
        project_id=contributor.project_id, organisation_id=contributor.organisation_id
    ).values("side")
    return Organisation.objects.filter(
        project_partnerships__project_id=contributor.project_id,
        project_partnerships__side__in=sides,
    ).order_by("name")
