"""One invitation, whatever it opens: invite, accept, cancel, expire.

A department's team and a project are joined the same way: someone is invited by e-mail,
opens the link within two weeks and accepts with the address the invitation was sent to.
Each kind of invitation (``InvitationKind``) supplies only what differs: what joining
means (the department kind makes a ``DepartmentMembership``, the project kind a
``ProjectContributor``), the page its e-mail links to, the e-mail itself, and what an
expired invitation tells its addressee. Every acceptance records who and when."""

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from common.mail import send_templated_mail
from partners.models import Invitation, User

INVITATION_VALIDITY = timedelta(days=14)

InvitationT = TypeVar("InvitationT", bound=Invitation)
MemberT = TypeVar("MemberT")


@dataclass(frozen=True)
class InvitationKind(Generic[InvitationT, MemberT]):
    """What one kind of invitation supplies to the shared invite / accept services."""

    # Makes the invited person a member (idempotent); returns what they became.
    join: Callable[[InvitationT, User], MemberT]
    # The URL name of the acceptance page, which takes the invitation's ``token``.
    accept_url_name: str
    # The e-mail templates (``<name>_subject.txt`` and ``<name>_body.txt``).
    email_template: str
    # What an expired invitation says to its addressee: whom to ask for a new one.
    expired_message: str | Promise


def invitation_normalise_email(email: str) -> str:
    return email.strip().lower()


def invitation_expires_at(*, invitation: Invitation) -> datetime:
    return invitation.created_at + INVITATION_VALIDITY


def invitation_is_expired(*, invitation: Invitation, now: datetime | None = None) -> bool:
    """Every invitation, whatever its kind, is valid for two weeks."""
    return invitation_expires_at(invitation=invitation) < (now or timezone.now())


def invitations_pending(
    *, invitations: "models.QuerySet[InvitationT] | models.Manager[InvitationT]"
) -> "models.QuerySet[InvitationT]":
    """Those not accepted yet (expired ones included: the team sees them and may cancel
    them; inviting the same address again replaces them)."""
    return invitations.filter(accepted_at__isnull=True)


@transaction.atomic
def invitations_expired_delete(
    *, invitations: "models.QuerySet[InvitationT] | models.Manager[InvitationT]"
) -> int:
    """Deletes those of ``invitations`` still pending after their two weeks; says how
    many."""
    deleted, _by_model = (
        invitations_pending(invitations=invitations)
        .filter(created_at__lt=timezone.now() - INVITATION_VALIDITY)
        .delete()
    )
    return deleted


@transaction.atomic
def invitation_create(
    *,
    kind: InvitationKind[InvitationT, Any],
    invitations: "models.Manager[InvitationT]",
    email: str,
    invited_by: User | None,
    email_context: Mapping[str, Any] | None = None,
    **fields: Any,
) -> InvitationT:
    """Invites ``email`` through ``invitations`` (the related manager of what it opens,
    e.g. ``department.invitations``) and sends the link. An expired invitation to the
    same address gives way to the new one; a pending one is refused."""
    email = invitation_normalise_email(email)
    same_address = invitations.filter(email__iexact=email)
    invitations_expired_delete(invitations=same_address)
    if invitations_pending(invitations=same_address).exists():
        raise ValidationError(
            _("An invitation is already waiting for this address."), code="already_invited"
        )
    invitation = invitations.create(
        email=email, invited_by=invited_by, token=secrets.token_urlsafe(32), **fields
    )
    send_templated_mail(
        to=email,
        template=kind.email_template,
        context={
            **(email_context or {}),
            "invitation": invitation,
            "url": settings.SITE_URL
            + reverse(kind.accept_url_name, kwargs={"token": invitation.token}),
        },
    )
    return invitation


@transaction.atomic
def invitation_accept(
    *, kind: InvitationKind[InvitationT, MemberT], invitation: InvitationT, user: User
) -> MemberT:
    """The invited person joins, once, within two weeks, with the address the invitation
    was sent to; the invitation records who accepted it and when."""
    # Locked: the same link opened twice (two tabs, a double click) is accepted once.
    current = type(invitation)._default_manager.select_for_update().filter(pk=invitation.pk)
    locked = current.first()
    if locked is None:
        raise ValidationError(_("This invitation was cancelled."), code="cancelled")
    if locked.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted."), code="accepted")
    if invitation_is_expired(invitation=locked):
        raise ValidationError(str(kind.expired_message), code="expired")
    if invitation_normalise_email(user.email) != invitation_normalise_email(locked.email):
        raise ValidationError(
            _("This invitation was sent to %(email)s: log in with that address to accept it.")
            % {"email": locked.email},
            code="wrong_address",
        )
    member = kind.join(locked, user)
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    invitation.accepted_at, invitation.accepted_by = locked.accepted_at, user
    return member


@transaction.atomic
def invitation_cancel(*, invitation: Invitation) -> None:
    """Withdraws a pending invitation: its link no longer opens anything."""
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted."), code="accepted")
    invitation.delete()
