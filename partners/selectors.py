"""Reads of the partners app: each returns what a page needs, with its joins."""

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.contrib.postgres.lookups import Unaccent
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from common.search import full_text_search
from partners.invitations import invitations_pending
from partners.models import (
    Department,
    DepartmentInvitation,
    DepartmentMembership,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    PublicationStatus,
    RevisionStatus,
    StructureMembership,
    StructureRevision,
    StructureRole,
    Theme,
    User,
)


def organisation_search(*, queryset: QuerySet[Organisation], text: str) -> QuerySet[Organisation]:
    return full_text_search(queryset=queryset, text=text, then_by="name")


def _with_list_relations(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    return queryset.select_related("department").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("position"))
    )


def _published_structures() -> QuerySet[Organisation]:
    """ESS structures validated by their department: what the public sees."""
    return Organisation.objects.filter(
        kind=OrganisationKind.ESS_STRUCTURE, status=PublicationStatus.PUBLISHED
    )


def structure_public_list() -> QuerySet[Organisation]:
    """The public directory: ESS structures validated by their department."""
    return _with_list_relations(_published_structures()).order_by("name")


def structure_public_get(*, slug: str) -> Organisation | None:
    return structure_public_list().filter(slug=slug).first()


def department_organisation_list(*, department: Department) -> QuerySet[Organisation]:
    return (
        _with_list_relations(department.organisations.all())
        .annotate(
            pending_claim_count=Count(
                "memberships", filter=Q(memberships__status=MembershipStatus.PENDING)
            ),
            has_pending_revision=Exists(
                StructureRevision.objects.filter(
                    organisation=OuterRef("pk"), status=RevisionStatus.PENDING
                )
            ),
        )
        .order_by("name", "pk")
    )


def department_organisation_get(*, department: Department, slug: str) -> Organisation | None:
    return (
        _with_list_relations(department.organisations.all())
        .select_related("validated_by", "created_by")
        .filter(slug=slug)
        .first()
    )


def organisation_memberships(*, organisation: Organisation) -> QuerySet[StructureMembership]:
    return organisation.memberships.select_related("user").order_by("status", "user__email")


def department_list_public() -> QuerySet[Department]:
    """All departments with the number of published ESS structures of each."""
    return Department.objects.annotate(
        structure_count=Count(
            "organisations",
            filter=Q(
                organisations__kind=OrganisationKind.ESS_STRUCTURE,
                organisations__status=PublicationStatus.PUBLISHED,
            ),
        )
    ).order_by(Unaccent("region_name"), "code")  # « Île-de-France » among the I


def department_get(*, code: str) -> Department | None:
    return Department.objects.filter(code=code).first()


def department_membership_get(*, user: User, code: str) -> DepartmentMembership | None:
    return (
        DepartmentMembership.objects.select_related("department")
        .filter(user=user, department__code=code)
        .first()
    )


def user_department_memberships(*, user: User) -> QuerySet[DepartmentMembership]:
    if not user.is_authenticated:
        return DepartmentMembership.objects.none()
    return user.department_memberships.select_related("department").order_by("department__code")


def user_structure_memberships(*, user: User) -> QuerySet[StructureMembership]:
    """With ``has_pending_revision``: whether changes of the structure await review."""
    return (
        user.structure_memberships.select_related("organisation", "organisation__department")
        .annotate(
            has_pending_revision=Exists(
                StructureRevision.objects.filter(
                    organisation=OuterRef("organisation"), status=RevisionStatus.PENDING
                )
            )
        )
        .order_by("organisation__name")
    )


def structure_manager_get(*, user: User, slug: str) -> Organisation | None:
    """The structure of that slug if the user is one of its active managers."""
    membership = (
        StructureMembership.objects.select_related("organisation", "organisation__department")
        .filter(
            user=user,
            organisation__slug=slug,
            role=StructureRole.MANAGER,
            status=MembershipStatus.ACTIVE,
        )
        .first()
    )
    return membership.organisation if membership else None


def structure_claimable_list() -> QuerySet[Organisation]:
    """Structures a person may ask to join: published ESS structures with a department to
    decide on the request. One awaiting validation belongs to whoever registered it until
    its department has checked it."""
    return _with_list_relations(_published_structures().filter(department__isnull=False))


def department_member_list(*, department: Department) -> QuerySet[DepartmentMembership]:
    return department.memberships.select_related("user").order_by("role", "user__email")


def department_pending_invitations(*, department: Department) -> QuerySet[DepartmentInvitation]:
    return invitations_pending(invitations=department.invitations).select_related("invited_by")


def invitation_get_pending(*, token: str) -> DepartmentInvitation | None:
    return (
        invitations_pending(invitations=DepartmentInvitation.objects)
        .select_related("department")
        .filter(token=token)
        .first()
    )


@dataclass(frozen=True)
class DepartmentFigures:
    published_structures: int
    pending_structures: int
    archived_structures: int
    other_organisations: int
    pending_claims: int
    members: int
    pending_invitations: int


def department_dashboard_figures(*, department: Department) -> DepartmentFigures:
    organisations = department.organisations.aggregate(
        published=Count(
            "pk", filter=Q(kind=OrganisationKind.ESS_STRUCTURE, status=PublicationStatus.PUBLISHED)
        ),
        pending=Count(
            "pk", filter=Q(kind=OrganisationKind.ESS_STRUCTURE, status=PublicationStatus.PENDING)
        ),
        archived=Count(
            "pk", filter=Q(kind=OrganisationKind.ESS_STRUCTURE, status=PublicationStatus.ARCHIVED)
        ),
        others=Count("pk", filter=~Q(kind=OrganisationKind.ESS_STRUCTURE)),
    )
    return DepartmentFigures(
        published_structures=organisations["published"],
        pending_structures=organisations["pending"],
        archived_structures=organisations["archived"],
        other_organisations=organisations["others"],
        pending_claims=department.organisations.filter(
            memberships__status=MembershipStatus.PENDING
        ).count(),
        members=department.memberships.count(),
        pending_invitations=invitations_pending(invitations=department.invitations).count(),
    )


def department_structures_awaiting_validation(*, department: Department) -> QuerySet[Organisation]:
    return department.organisations.filter(
        kind=OrganisationKind.ESS_STRUCTURE, status=PublicationStatus.PENDING
    ).order_by("created_at")


@dataclass(frozen=True)
class PortalFigures:
    structures: int
    departments_with_structures: int
    themes_served: int


def portal_figures() -> PortalFigures:
    figures = _published_structures().aggregate(
        structures=Count("pk", distinct=True),
        departments=Count("department", distinct=True),
        themes=Count("themes", distinct=True),
    )
    return PortalFigures(
        structures=figures["structures"],
        departments_with_structures=figures["departments"],
        themes_served=figures["themes"],
    )


def structure_latest_published(*, limit: int = 6) -> QuerySet[Organisation]:
    return structure_public_list().order_by("-validated_at")[:limit]


def user_has_two_factor(*, user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def organisation_siren_taken(*, siren: str, exclude_pk: int | None = None) -> bool:
    organisations = Organisation.objects.filter(siren=siren)
    if exclude_pk is not None:
        organisations = organisations.exclude(pk=exclude_pk)
    return organisations.exists()
