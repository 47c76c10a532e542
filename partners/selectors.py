"""Reads of the partners app: each returns what a page needs, with its joins."""

from dataclasses import dataclass
from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import models
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from partners.models import (
    SEARCH_CONFIG,
    Department,
    DepartmentInvitation,
    DepartmentMembership,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    PublicationStatus,
    StructureMembership,
    StructureRole,
    Theme,
    User,
)


def full_text_search(*, queryset: QuerySet, text: str, then_by: str) -> QuerySet:
    """French full-text search on a model's `search_vector`, accents and plurals ignored,
    best matches first (then by `then_by`)."""
    text = (text or "").strip()
    if not text:
        return queryset
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    return (
        queryset.filter(search_vector=query)
        .annotate(search_rank=SearchRank(F("search_vector"), query))
        .order_by("-search_rank", then_by)
    )


def organisation_search(*, queryset: QuerySet[Organisation], text: str) -> QuerySet[Organisation]:
    return full_text_search(queryset=queryset, text=text, then_by="name")


def _with_list_relations(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    return queryset.select_related("department").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("position"))
    )


def structure_public_list() -> QuerySet[Organisation]:
    """The public directory: ESS structures validated by their department."""
    return _with_list_relations(
        Organisation.objects.filter(
            kind=OrganisationKind.ESS_STRUCTURE, status=PublicationStatus.PUBLISHED
        )
    ).order_by("name")


def structure_public_get(*, slug: str) -> Organisation | None:
    return structure_public_list().filter(slug=slug).first()


def department_organisation_list(*, department: Department) -> QuerySet[Organisation]:
    return (
        _with_list_relations(department.organisations.all())
        .annotate(
            pending_claim_count=Count(
                "memberships", filter=Q(memberships__status=MembershipStatus.PENDING)
            )
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


@dataclass(frozen=True)
class HistoryEntry:
    when: object
    who: User | None
    action: str
    changes: list[tuple[str, object, object]]


def record_history(*, record: models.Model, limit: int = 50) -> list[HistoryEntry]:
    """A record's changes (any model with `history`), newest first, each with its author
    and changed fields shown as a person reads them (labels of choices, names of related
    records)."""
    model = type(record)
    records = list(
        record.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    raw_changes = []
    related_ids: dict[type, set] = {}
    for record, previous in zip(records, [*records[1:], None], strict=False):
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                field = model._meta.get_field(change.field)
                old, new = change.old, change.new
                if field.many_to_many:
                    # Rows of the through table: keep the ids of the related records.
                    key = field.m2m_reverse_field_name()
                    old = tuple(sorted(row[key] for row in old or ()))
                    new = tuple(sorted(row[key] for row in new or ()))
                    ids = set(old) | set(new)
                else:
                    ids = {old, new} - {None} if field.is_relation else set()
                changes.append((field, old, new))
                if ids:
                    related_ids.setdefault(field.related_model, set()).update(ids)
        raw_changes.append((record, changes))
    related_names = {
        (model, obj.pk): str(obj)
        for model, ids in related_ids.items()
        for obj in model._default_manager.filter(pk__in=ids)
    }

    def readable(field, value):
        if isinstance(value, bool):
            return gettext("yes") if value else gettext("no")
        if value in (None, "", ()):
            return ""
        if field.many_to_many:
            return ", ".join(str(related_names.get((field.related_model, pk), pk)) for pk in value)
        if field.is_relation:
            return related_names.get((field.related_model, value), value)
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return value

    entries: list[HistoryEntry] = []
    for record, changes in raw_changes[:limit]:
        readable_changes = [
            (str(field.verbose_name), readable(field, old), readable(field, new))
            for field, old, new in changes
        ]
        previous = entries[-1] if entries else None
        # One save writes the record, then its many-to-many fields: the same person within
        # a few seconds is one edit, shown as one entry.
        if (
            previous is not None
            and record.history_type == "~"
            and previous.action == record.get_history_type_display()
            and previous.who == record.history_user
            and abs((previous.when - record.history_date).total_seconds()) < 5
        ):
            previous.changes.extend(readable_changes)
            continue
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                action=record.get_history_type_display(),
                changes=readable_changes,
            )
        )
    return entries


def record_last_editor(*, record: models.Model) -> User | None:
    latest = record.history.select_related("history_user").order_by("-history_date").first()
    return latest.history_user if latest else None


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
    return user.structure_memberships.select_related(
        "organisation", "organisation__department"
    ).order_by("organisation__name")


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
    """Structures a person may ask to join: published ESS structures. One awaiting
    validation belongs to whoever registered it until its department has checked it."""
    return _with_list_relations(
        Organisation.objects.filter(
            kind=OrganisationKind.ESS_STRUCTURE, status=PublicationStatus.PUBLISHED
        )
    )


def department_member_list(*, department: Department) -> QuerySet[DepartmentMembership]:
    return department.memberships.select_related("user").order_by("role", "user__email")


def department_pending_invitations(*, department: Department) -> QuerySet[DepartmentInvitation]:
    return department.invitations.filter(accepted_at__isnull=True).select_related("invited_by")


def invitation_get_pending(*, token: str) -> DepartmentInvitation | None:
    return (
        DepartmentInvitation.objects.select_related("department")
        .filter(token=token, accepted_at__isnull=True)
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
        pending_invitations=department.invitations.filter(accepted_at__isnull=True).count(),
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
    published = Organisation.objects.filter(
        kind=OrganisationKind.ESS_STRUCTURE, status=PublicationStatus.PUBLISHED
    )
    figures = published.aggregate(
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
    return Organisation.objects.filter(siren=siren).exclude(pk=exclude_pk).exists()


INVITATION_VALIDITY = timedelta(days=14)


def invitation_is_expired(*, invitation) -> bool:
    """Department and project invitations are valid for two weeks."""
    return invitation.created_at < timezone.now() - INVITATION_VALIDITY
