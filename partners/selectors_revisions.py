"""Reads of the proposed changes of published structures (``partners.services_revisions``)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from partners.models import (
    Department,
    Organisation,
    RevisionStatus,
    StructureRevision,
)
from partners.services_revisions import REVIEWED_FIELDS, revision_value


def department_revision_list(*, department: Department) -> QuerySet[StructureRevision]:
    """The changes awaiting the department's review, oldest first, with what their rows
    show (the structure's validated values, who proposed them)."""
    return (
        StructureRevision.objects.filter(
            organisation__in=department.organisations.all(), status=RevisionStatus.PENDING
        )
        .select_related("organisation", "author")
        .order_by("created_at", "pk")
    )


def department_revision_get(
    *, department: Department, slug: str, pk: int
) -> StructureRevision | None:
    """A revision (whatever its status) of the department's structure of that slug."""
    return (
        StructureRevision.objects.filter(
            organisation__in=department.organisations.filter(slug=slug), pk=pk
        )
        .select_related("organisation", "author", "reviewer")
        .first()
    )


def structure_revision_pending(*, organisation: Organisation) -> StructureRevision | None:
    return (
        StructureRevision.objects.filter(organisation=organisation, status=RevisionStatus.PENDING)
        .select_related("organisation__department", "author")
        .first()
    )


def structure_revision_latest(*, organisation: Organisation) -> StructureRevision | None:
    """The structure's last proposal, whatever became of it."""
    return (
        StructureRevision.objects.filter(organisation=organisation)
        .select_related("organisation__department", "author", "reviewer")
        .order_by("-created_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class RevisionChange:
    """One field of a revision as a person reads it: its label, the validated value and
    the proposed one."""

    name: str
    label: str
    old: str
    new: str


def _readable(field: Any, value: Any) -> str:
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def revision_changes(*, revision: StructureRevision) -> list[RevisionChange]:
    """The changed fields of ``revision``, in the order of the structure's form, each with
    the structure's current (validated) value and the proposed one. Reads no row besides
    the revision's structure."""
    organisation = revision.organisation
    changes = []
    for name in REVIEWED_FIELDS:
        if name not in revision.proposed:
            continue
        field: Any = Organisation._meta.get_field(name)
        old = revision_value(name, getattr(organisation, name))
        changes.append(
            RevisionChange(
                name=name,
                label=str(field.verbose_name),
                old=_readable(field, old),
                new=_readable(field, revision.proposed[name]),
            )
        )
    return changes
