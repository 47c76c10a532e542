"""Changes of a published structure's identity wait for its department's review.

Once a department has validated a structure, what the public reads of it (the directory,
the structure's page, the map, the open data's grants file) carries the department's
word. A manager's later edit of the fields below therefore becomes a proposal
(``StructureRevision``) that the structure's department accepts or refuses; until then
the public keeps the validated values. The fields reviewed (``REVIEWED_FIELDS``):

- the name, the legal form and the ESUS approval: what the structure is, printed next to
  its name everywhere (the name also goes out in the open data's SCDL grants file); a
  new name can pass one structure off as another, a form or an approval can claim a
  status the structure does not have;
- the official identifiers (SIREN, SIRET, RNA number, court register number): its legal
  identity, published with its grants (``idBeneficiaire``, ``rnaBeneficiaire``) and used
  to tell structures apart; changing them hands the record, and its grants, to another
  legal person;
- the address, postal code, town, country and coordinates: where the structure says it
  is, on its page, in the directory's search and on the map;
- the website, the public e-mail and the public phone: where visitors are sent to reach
  it; pointing them to somebody else's site or mailbox is the plainest impersonation.

Saved at once, as before: the description and the themes. They are the structure's own
presentation (plain text, shown without links) and tags from the portal's fixed list,
kept up to date often; they claim no identity, official status or contact channel.
Moving the structure to another department is not a proposal either: the structure
leaves the directory until that department has validated the whole record
(``partners.services.structure_update_by_actor``). A structure that is not public
(awaiting validation, archived) is edited freely: its department reviews the whole record
when it publishes it.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import record_last_editor
from common.mail import send_templated_mail
from common.versioning import ConcurrentUpdateError, update_versioned
from partners.models import (
    Department,
    MembershipStatus,
    Organisation,
    RevisionStatus,
    StructureRevision,
    StructureRole,
    Theme,
    User,
)
from partners.permissions import MANAGE_STRUCTURES, ROLE_CAPABILITIES

REVIEWED_FIELDS: tuple[str, ...] = (
    "name",
    "legal_form",
    "esus_approved",
    "siren",
    "siret",
    "rna",
    "local_register_number",
    "address",
    "postal_code",
    "city",
    "country",
    "latitude",
    "longitude",
    "website",
    "public_email",
    "public_phone",
)
# What a manager's edit of a published structure saves at once (besides its themes).
SAVED_AT_ONCE_FIELDS: tuple[str, ...] = ("description",)


def revision_value(name: str, value: Any) -> Any:
    """A value of the field ``name`` of an organisation as a revision stores it (JSON): the
    database's value, decimals written with their places ("48.79000")."""
    field: Any = Organisation._meta.get_field(name)
    prepared = field.get_prep_value(value)
    if isinstance(prepared, Decimal):
        return f"{prepared:.{field.decimal_places}f}"
    return prepared


def revision_python_value(name: str, value: Any) -> Any:
    """A value stored by a revision, as the organisation's field holds it."""
    field: Any = Organisation._meta.get_field(name)
    return field.to_python(value)


def _locked(organisation: Organisation) -> Organisation:
    """The stored record, locked until the transaction ends (a form's instance already
    holds what was typed: never compare with it)."""
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _pending_revision(organisation: Organisation) -> StructureRevision | None:
    return (
        StructureRevision.objects.select_for_update()
        .filter(organisation=organisation, status=RevisionStatus.PENDING)
        .first()
    )


def _structure_managers_emails(organisation: Organisation) -> list[str]:
    return sorted(
        organisation.memberships.filter(
            role=StructureRole.MANAGER, status=MembershipStatus.ACTIVE
        ).values_list("user__email", flat=True)
    )


def _department_reviewers_emails(department: Department) -> list[str]:
    """Who decides on a structure's changes: the department's members who manage its
    structures; its contact address when it has none."""
    roles = [role for role, can in ROLE_CAPABILITIES.items() if MANAGE_STRUCTURES in can]
    emails = sorted(
        department.memberships.filter(role__in=roles).values_list("user__email", flat=True)
    )
    if not emails and department.contact_email:
        emails = [department.contact_email]
    return emails


def _check_reviewer(reviewer: User, organisation: Organisation) -> None:
    membership = reviewer.department_memberships.filter(department=organisation.department).first()
    if membership is None or MANAGE_STRUCTURES not in ROLE_CAPABILITIES.get(
        membership.role, frozenset()
    ):
        raise ValidationError(_("Only the structure's department decides on its changes."))


def _save_at_once(
    stored: Organisation,
    *,
    expected_version: int,
    fields: dict[str, Any],
    themes: Iterable[Theme] | None,
) -> None:
    """Saves the fields that need no review, as the record's next version; an edit that
    changes none of them still moves the version on, so that a form opened before the
    proposal (a second tab) is refused rather than overwriting it."""
    changed = {name: value for name, value in fields.items() if getattr(stored, name) != value}
    if changed:
        update_versioned(record=stored, expected_version=expected_version, fields=changed)
    else:
        moved = Organisation.objects.filter(pk=stored.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if not moved:
            raise ConcurrentUpdateError(editor=record_last_editor(record=stored))
        stored.refresh_from_db(fields=["version"])
    if themes is not None:
        themes = list(themes)
        if {theme.pk for theme in themes} != set(stored.themes.values_list("pk", flat=True)):
            stored.themes.set(themes)


@transaction.atomic
def structure_revision_propose(
    *,
    organisation: Organisation,
    author: User | None,
    expected_version: int,
    themes: Iterable[Theme] | None = None,
    **fields: Any,
) -> StructureRevision | None:
    """A manager's edit of their published structure, made on ``expected_version``.

    The ``REVIEWED_FIELDS`` that differ from the validated record become the structure's
    pending revision (one at most: a new edit replaces the values of the pending one;
    an edit that gives back every validated value withdraws it); the others are saved at
    once. The department's staff are told of a new proposal. Returns the pending
    revision, or None when nothing waits for review."""
    stored = _locked(organisation)
    if stored.version != expected_version:
        raise ConcurrentUpdateError(editor=record_last_editor(record=stored))
    department = fields.pop("department", stored.department)
    if department != stored.department:
        raise ValueError("Moving a structure is structure_update_by_actor's business.")
    unknown = set(fields) - set(REVIEWED_FIELDS) - set(SAVED_AT_ONCE_FIELDS)
    if unknown:
        raise TypeError(f"Not a field a manager edits: {', '.join(sorted(unknown))}")
    proposed = {
        name: revision_value(name, value)
        for name, value in fields.items()
        if name in REVIEWED_FIELDS
        and revision_value(name, value) != revision_value(name, getattr(stored, name))
    }
    _save_at_once(
        stored,
        expected_version=expected_version,
        fields={name: fields[name] for name in SAVED_AT_ONCE_FIELDS if name in fields},
        themes=themes,
    )
    revision = _pending_revision(stored)
    if not proposed:
        if revision is not None:
            _close(revision, status=RevisionStatus.WITHDRAWN)
        return None
    if revision is not None:
        revision.proposed = proposed
        revision.author = author
        revision.save(update_fields=["proposed", "author", "updated_at"])
        return revision
    revision = StructureRevision.objects.create(
        organisation=stored, proposed=proposed, author=author
    )
    department = stored.department
    if department is not None:
        url = settings.SITE_URL + reverse(
            "partners:staff_revision_detail",
            kwargs={"code": department.code, "slug": stored.slug, "pk": revision.pk},
        )
        for email in _department_reviewers_emails(department):
            send_templated_mail(
                to=email,
                template="partners/email/revision_proposed",
                context={"organisation": stored, "author": author, "url": url},
            )
    return revision


def _close(revision: StructureRevision, *, status: str, reviewer: User | None = None) -> None:
    revision.status = status
    revision.reviewer = reviewer
    revision.decided_at = timezone.now()
    revision.save(update_fields=["status", "reviewer", "decided_at", "reason", "updated_at"])


def _lock_pending(revision: StructureRevision) -> StructureRevision:
    """The revision locked, if it still waits; a decided (or withdrawn) one is refused."""
    locked = (
        StructureRevision.objects.select_for_update()
        .select_related("organisation")
        .get(pk=revision.pk)
    )
    if locked.status != RevisionStatus.PENDING:
        raise ValidationError(
            _("These changes are no longer awaiting review (%(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def structure_revision_withdraw(*, revision: StructureRevision) -> StructureRevision:
    """The manager takes their proposal back: the validated values stay."""
    revision = _lock_pending(revision)
    _close(revision, status=RevisionStatus.WITHDRAWN)
    return revision


@transaction.atomic
def structure_revision_withdraw_pending(*, organisation: Organisation) -> None:
    """Withdraws the structure's pending revision, if any (its whole record is about to be
    reviewed again: see ``structure_update_by_actor``)."""
    revision = _pending_revision(organisation)
    if revision is not None:
        _close(revision, status=RevisionStatus.WITHDRAWN)


@transaction.atomic
def structure_revision_accept(*, revision: StructureRevision, reviewer: User) -> StructureRevision:
    """The department accepts the proposed values: they are written on the structure at
    once, as its next version (a form opened before is refused), with the structure's
    history; its managers are told."""
    revision = _lock_pending(revision)
    _check_reviewer(reviewer, revision.organisation)
    organisation = _locked(revision.organisation)
    for name, value in revision.proposed.items():
        setattr(organisation, name, revision_python_value(name, value))
    # The record as a whole must still hold: another structure may have taken the SIREN
    # meanwhile, a SIRET must still start with the SIREN.
    organisation.full_clean(exclude=["themes"])
    organisation.version = F("version") + 1
    organisation._history_user = reviewer  # type: ignore[attr-defined]
    organisation.save(update_fields=[*revision.proposed, "version", "updated_at"])
    organisation.refresh_from_db(fields=["version"])
    _close(revision, status=RevisionStatus.ACCEPTED, reviewer=reviewer)
    for email in _structure_managers_emails(organisation):
        send_templated_mail(
            to=email,
            template="partners/email/revision_accepted",
            context={
                "organisation": organisation,
                "department": organisation.department,
                "url": settings.SITE_URL + organisation.get_absolute_url(),
            },
        )
    return revision


@transaction.atomic
def structure_revision_refuse(
    *, revision: StructureRevision, reviewer: User, reason: str
) -> StructureRevision:
    """The department refuses the proposed values, saying why: the structure keeps its
    validated values; its managers are told, with the reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why: the structure's managers read it.")})
    revision = _lock_pending(revision)
    _check_reviewer(reviewer, revision.organisation)
    revision.reason = reason
    _close(revision, status=RevisionStatus.REFUSED, reviewer=reviewer)
    organisation = revision.organisation
    for email in _structure_managers_emails(organisation):
        send_templated_mail(
            to=email,
            template="partners/email/revision_refused",
            context={
                "organisation": organisation,
                "department": organisation.department,
                "reason": reason,
                "url": settings.SITE_URL
                + reverse("partners:account_structure_update", kwargs={"slug": organisation.slug}),
            },
        )
    return revision
