"""Writes of the partners app. Every rule about who becomes what lives here."""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.mail import send_templated_mail
from common.slugs import unique_slug
from common.versioning import ConcurrentUpdateError, update_versioned
from partners.invitations import (
    InvitationKind,
    invitation_accept,
    invitation_cancel,
    invitation_create,
    invitation_normalise_email,
)
from partners.models import (
    Department,
    DepartmentInvitation,
    DepartmentMembership,
    DepartmentRole,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    PublicationStatus,
    StructureMembership,
    StructureRole,
    Theme,
    User,
)
from partners.services_revisions import (
    structure_revision_propose,
    structure_revision_withdraw_pending,
)

# Re-exported: the views and tests name the refusal of a stale edit through services.
__all__ = ["ConcurrentUpdateError"]


@transaction.atomic
def organisation_create(
    *,
    created_by: User,
    name: str,
    kind: str,
    department: Department | None,
    themes: Iterable[Theme] = (),
    publish: bool = False,
    **fields,
) -> Organisation:
    """Creates an organisation; published at once only when staff create it."""
    now = timezone.now()
    organisation = Organisation.objects.create(
        name=name,
        kind=kind,
        department=department,
        slug=unique_slug(model=Organisation, text=name),
        created_by=created_by,
        status=PublicationStatus.PUBLISHED if publish else PublicationStatus.PENDING,
        validated_at=now if publish else None,
        validated_by=created_by if publish else None,
        **fields,
    )
    organisation.themes.set(themes)
    return organisation


# How many structures one person may have awaiting the department's validation at once.
# Registering is open to any signed-up user and each registration lands in a department's
# queue: a few cover a real case (a person active in two or three structures), and more
# wait until the department has validated (or refused) the ones already sent.
MAX_PENDING_STRUCTURES_PER_USER = 3


@transaction.atomic
def structure_create_by_actor(*, user: User, **fields) -> Organisation:
    """An ESS actor registers their structure: it waits for the department's validation,
    and its author becomes its manager. The same form sent twice registers it once; no
    one has more than MAX_PENDING_STRUCTURES_PER_USER structures waiting at once."""
    pending = Organisation.objects.filter(created_by=user, status=PublicationStatus.PENDING)
    if pending.filter(name__iexact=fields["name"]).exists():
        raise ValidationError(
            _("You have already registered %(name)s: it is waiting for its validation.")
            % {"name": fields["name"]}
        )
    if pending.count() >= MAX_PENDING_STRUCTURES_PER_USER:
        raise ValidationError(
            _(
                "You already have %(count)s structures awaiting validation: you can register "
                "another one once the department has examined them."
            )
            % {"count": MAX_PENDING_STRUCTURES_PER_USER}
        )
    organisation = organisation_create(
        created_by=user, kind=OrganisationKind.ESS_STRUCTURE, publish=False, **fields
    )
    StructureMembership.objects.create(
        user=user,
        organisation=organisation,
        role=StructureRole.MANAGER,
        status=MembershipStatus.ACTIVE,
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    expected_version: int,
    themes: Iterable[Theme] | None = None,
    **fields,
) -> Organisation:
    """Saves an edit made on `expected_version`; refuses it if the record moved on."""
    update_versioned(record=organisation, expected_version=expected_version, fields=fields)
    if themes is not None:
        organisation.themes.set(themes)
    return organisation


@transaction.atomic
def department_update_settings(
    *, department: Department, expected_version: int, **fields
) -> Department:
    """The department's public presentation and contact, edited by its administrators."""
    update_versioned(record=department, expected_version=expected_version, fields=fields)
    return department


@transaction.atomic
def structure_update_by_actor(
    *, organisation: Organisation, expected_version: int, author: User | None = None, **fields
) -> Organisation:
    """A manager edits their structure. Once it is public, the changes of its identity
    wait for its department's review (``structure_revision_propose``: which fields, and
    why); while it is not (awaiting validation, archived), the edit is saved at once, the
    department reviewing the whole record when it publishes it. Moving it to another
    department hands it to that department, which validates it again before it is public
    (the whole edit is saved, a pending proposal withdrawn)."""
    # The stored record: the form's instance already holds what was typed.
    stored = Organisation.objects.select_for_update().get(pk=organisation.pk)
    moving = "department" in fields and fields["department"] != stored.department
    if stored.status == PublicationStatus.PUBLISHED and not moving:
        structure_revision_propose(
            organisation=stored, author=author, expected_version=expected_version, **fields
        )
        stored.refresh_from_db()
        return stored
    structure_revision_withdraw_pending(organisation=stored)
    organisation = organisation_update(
        organisation=stored, expected_version=expected_version, **fields
    )
    if moving:
        organisation.status = PublicationStatus.PENDING
        organisation.validated_at = None
        organisation.validated_by = None
        organisation.save(update_fields=["status", "validated_at", "validated_by"])
    return organisation


@transaction.atomic
def organisation_validate(*, organisation: Organisation, officer: User) -> Organisation:
    """Publishes a structure in the public directory (or restores an archived one).
    Validating a published structure again changes nothing and sends nothing."""
    if organisation.status == PublicationStatus.PUBLISHED:
        return organisation
    organisation.status = PublicationStatus.PUBLISHED
    organisation.validated_at = timezone.now()
    organisation.validated_by = officer
    _organisation_save_new_version(organisation, fields=["status", "validated_at", "validated_by"])
    for manager in organisation.memberships.filter(
        role=StructureRole.MANAGER, status=MembershipStatus.ACTIVE
    ).select_related("user"):
        send_templated_mail(
            to=manager.user.email,
            template="partners/email/structure_validated",
            context={
                "organisation": organisation,
                "url": settings.SITE_URL + organisation.get_absolute_url(),
            },
        )
    return organisation


@transaction.atomic
def organisation_archive(*, organisation: Organisation, officer: User) -> Organisation:
    """Removes a structure from the public directory; its history is kept."""
    organisation.status = PublicationStatus.ARCHIVED
    _organisation_save_new_version(organisation, fields=["status"])
    return organisation


def _organisation_save_new_version(organisation: Organisation, *, fields: list[str]) -> None:
    """Saves ``fields`` as the record's next version: a form opened before is refused."""
    organisation.version = F("version") + 1
    organisation.save(update_fields=[*fields, "version"])
    organisation.refresh_from_db(fields=["version"])


@transaction.atomic
def structure_claim_create(
    *, user: User, organisation: Organisation, message: str
) -> StructureMembership:
    """Asks to become a manager of an existing structure; its department decides."""
    if organisation.memberships.filter(user=user).exists():
        raise ValidationError(_("You are already linked to this structure."))
    return StructureMembership.objects.create(
        user=user,
        organisation=organisation,
        role=StructureRole.MANAGER,
        status=MembershipStatus.PENDING,
        claim_message=message,
    )


@transaction.atomic
def structure_claim_approve(*, membership: StructureMembership, officer: User) -> None:
    membership.status = MembershipStatus.ACTIVE
    membership.approved_by = officer
    membership.save(update_fields=["status", "approved_by"])
    send_templated_mail(
        to=membership.user.email,
        template="partners/email/claim_approved",
        context={
            "organisation": membership.organisation,
            "url": settings.SITE_URL + reverse("partners:account_home"),
        },
    )


@transaction.atomic
def structure_claim_reject(*, membership: StructureMembership, officer: User) -> None:
    organisation = membership.organisation
    email = membership.user.email
    membership.delete()
    send_templated_mail(
        to=email,
        template="partners/email/claim_rejected",
        context={"organisation": organisation, "department": organisation.department},
    )


@transaction.atomic
def user_update_profile(*, user: User, full_name: str) -> User:
    user.full_name = full_name
    user.save(update_fields=["full_name"])
    return user


def _department_join(invitation: DepartmentInvitation, user: User) -> DepartmentMembership:
    """Joining a department's team: a membership with the role of the invitation."""
    membership, _created = DepartmentMembership.objects.get_or_create(
        user=user, department=invitation.department, defaults={"role": invitation.role}
    )
    return membership


DEPARTMENT_INVITATION: InvitationKind[DepartmentInvitation, DepartmentMembership] = InvitationKind(
    join=_department_join,
    accept_url_name="partners:invitation_accept",
    email_template="partners/email/invitation",
    expired_message=gettext_lazy(
        "This invitation has expired: ask the department's administrator for a new one."
    ),
)


@transaction.atomic
def department_member_invite(
    *, department: Department, email: str, role: str, invited_by: User
) -> DepartmentInvitation:
    """Invites someone by e-mail; they join once they accept with that address."""
    if department.memberships.filter(
        user__email__iexact=invitation_normalise_email(email)
    ).exists():
        raise ValidationError(_("This person is already a member of the team."))
    return invitation_create(
        kind=DEPARTMENT_INVITATION,
        invitations=department.invitations,
        email=email,
        invited_by=invited_by,
        role=role,
    )


def department_invitation_cancel(*, invitation: DepartmentInvitation) -> None:
    invitation_cancel(invitation=invitation)


def department_invitation_accept(
    *, invitation: DepartmentInvitation, user: User
) -> DepartmentMembership:
    """The invited person joins; the invitation was sent to their own address."""
    return invitation_accept(kind=DEPARTMENT_INVITATION, invitation=invitation, user=user)


def _ensure_another_admin_remains(membership: DepartmentMembership) -> None:
    if membership.role != DepartmentRole.ADMIN:
        return
    # Every admin row is locked, in a fixed order, so that two admins stepping down at
    # the same moment wait for each other instead of both succeeding (or deadlocking).
    admins = list(
        DepartmentMembership.objects.select_for_update()
        .filter(department=membership.department, role=DepartmentRole.ADMIN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not [pk for pk in admins if pk != membership.pk]:
        raise ValidationError(
            _("The team must keep at least one administrator: name another one first.")
        )


@transaction.atomic
def department_membership_change_role(
    *, membership: DepartmentMembership, role: str
) -> DepartmentMembership:
    if role != DepartmentRole.ADMIN:
        _ensure_another_admin_remains(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def department_membership_remove(*, membership: DepartmentMembership) -> None:
    _ensure_another_admin_remains(membership)
    membership.delete()
