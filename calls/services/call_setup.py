"""Writing a call: creating, editing, publishing, closing, archiving it; its required
documents and its criteria."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from calls import selectors
from calls.models import (
    Call,
    CallState,
    Criterion,
    RequiredDocument,
)
from common.formats import euros
from common.slugs import unique_slug
from common.versioning import update_versioned
from partners.models import Department, User


def _check_prefix(*, prefix: str, opens_at, exclude_pk: int | None = None) -> None:
    if selectors.reference_prefix_taken(prefix=prefix, opens_at=opens_at, exclude_pk=exclude_pk):
        raise ValidationError(
            {
                "reference_prefix": _(
                    "Another call opening the same year already uses the prefix %(prefix)s."
                )
                % {"prefix": prefix}
            }
        )


@transaction.atomic
def call_create(*, department: Department, created_by: User, title: str, **fields) -> Call:
    """A new call, in draft: nobody outside the department sees it until it is published."""
    _check_prefix(prefix=fields["reference_prefix"], opens_at=fields["opens_at"])
    return Call.objects.create(
        department=department,
        created_by=created_by,
        title=title,
        slug=unique_slug(model=Call, text=title),
        **fields,
    )


@transaction.atomic
def call_update(*, call: Call, expected_version: int, **fields) -> Call:
    _check_prefix(
        prefix=fields.get("reference_prefix", call.reference_prefix),
        opens_at=fields.get("opens_at", call.opens_at),
        exclude_pk=call.pk,
    )
    if "envelope" in fields:
        # Locked like a committee decision: no grant can slip in between.
        call = Call.objects.select_for_update().get(pk=call.pk)
        envelope = selectors.call_envelope(call=call)
        committed = envelope.granted + envelope.pending
        if fields["envelope"] is not None and fields["envelope"] < committed:
            raise ValidationError(
                {
                    "envelope": _(
                        "The envelope cannot be less than what is granted or decided: %(amount)s."
                    )
                    % {"amount": euros(committed)}
                }
            )
    update_versioned(record=call, expected_version=expected_version, fields=fields)
    return call


def _bump(call: Call, **fields) -> Call:
    for name, value in fields.items():
        setattr(call, name, value)
    call.version = F("version") + 1
    call.save(update_fields=[*fields, "version"])
    call.refresh_from_db(fields=["version"])
    return call


@transaction.atomic
def call_publish(*, call: Call) -> Call:
    """Publishes a draft call; it needs its evaluation criteria and a future closing time."""
    if call.state != CallState.DRAFT:
        raise ValidationError(_("Only a draft call can be published."))
    problems = []
    if not call.criteria.exists():
        problems.append(_("Add at least one evaluation criterion."))
    if call.closes_at <= timezone.now():
        problems.append(_("The closing time has already passed: change it first."))
    if not call.description:
        problems.append(_("Describe the call."))
    if problems:
        raise ValidationError(problems)
    return _bump(call, state=CallState.PUBLISHED, published_at=timezone.now())


@transaction.atomic
def call_close(*, call: Call) -> Call:
    """Closes a published call: no more applications, even before its closing time."""
    if call.state != CallState.PUBLISHED:
        raise ValidationError(_("Only a published call can be closed."))
    return _bump(call, state=CallState.CLOSED)


@transaction.atomic
def call_archive(*, call: Call) -> Call:
    if call.state != CallState.CLOSED:
        raise ValidationError(_("Only a closed call can be archived."))
    return _bump(call, state=CallState.ARCHIVED)


def _check_call_is_draft(call: Call) -> None:
    if call.state != CallState.DRAFT:
        raise ValidationError(
            _("The documents and criteria of a published call are fixed: applicants rely on them.")
        )


def _next_position(queryset) -> int:
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


@transaction.atomic
def required_document_add(*, call: Call, label: str, **fields) -> RequiredDocument:
    _check_call_is_draft(call)
    return RequiredDocument.objects.create(
        call=call, label=label, position=_next_position(call.required_documents), **fields
    )


@transaction.atomic
def required_document_remove(*, document: RequiredDocument) -> None:
    _check_call_is_draft(document.call)
    if document.template:
        document.template.delete(save=False)
    document.delete()


@transaction.atomic
def criterion_add(*, call: Call, label: str, **fields) -> Criterion:
    _check_call_is_draft(call)
    return Criterion.objects.create(
        call=call, label=label, position=_next_position(call.criteria), **fields
    )


@transaction.atomic
def criterion_remove(*, criterion: Criterion) -> None:
    _check_call_is_draft(criterion.call)
    criterion.delete()
