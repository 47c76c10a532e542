"""Writes of the contributors from partner organisations and their invitations."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.mail import send_templated_mail
from cooperation.models import (
    CooperationProject,
    ProjectContributor,
    ProjectInvitation,
)
from partners.models import Organisation, User


@transaction.atomic
def project_contributor_invite(
    *,
    project: CooperationProject,
    email: str,
    role: str,
    invited_by: User,
    organisation: Organisation | None = None,
) -> ProjectInvitation:
    email = email.strip().lower()
    if project.contributors.filter(user__email__iexact=email).exists():
        raise ValidationError(_("This person already contributes to the project."))
    if project.invitations.filter(email__iexact=email, accepted_at__isnull=True).exists():
        raise ValidationError(_("An invitation is already waiting for this address."))
    invitation = ProjectInvitation.objects.create(
        project=project,
        email=email,
        role=role,
        organisation=organisation,
        invited_by=invited_by,
        token=secrets.token_urlsafe(32),
    )
    send_templated_mail(
        to=email,
        template="cooperation/email/contributor_invitation",
        context={
            "invitation": invitation,
            "project": project,
            "url": settings.SITE_URL
            + reverse("cooperation:project_invitation_accept", kwargs={"token": invitation.token}),
        },
    )
    return invitation


@transaction.atomic
def project_invitation_accept(*, invitation: ProjectInvitation, user: User) -> ProjectContributor:
    if user.email.strip().lower() != invitation.email:
        raise ValidationError(
            _("This invitation was sent to %(email)s: log in with that address to accept it.")
            % {"email": invitation.email}
        )
    contributor, _created = ProjectContributor.objects.get_or_create(
        project=invitation.project,
        user=user,
        defaults={"role": invitation.role, "organisation": invitation.organisation},
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return contributor


@transaction.atomic
def project_invitation_cancel(*, invitation: ProjectInvitation) -> None:
    invitation.delete()


@transaction.atomic
def project_contributor_remove(*, contributor: ProjectContributor) -> None:
    contributor.delete()
