"""An application being written: starting it, saving its sections, team, budget and
files, deleting a draft."""

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from calls import selectors
from calls.models import (
    Application,
    ApplicationDocument,
    ApplicationState,
    BudgetLine,
    Call,
    CarrierKind,
    RequiredDocument,
    TeamMember,
)
from calls.workflow import EDITABLE_STATES
from common.versioning import update_versioned
from cooperation.models import SustainableDevelopmentGoal
from partners.models import User


@transaction.atomic
def application_start(*, call: Call, applicant: User) -> Application:
    """The applicant's application to that call: the one being written if there is one,
    else a new draft (only while the call is open)."""
    existing = selectors.applicant_draft_for_call(user=applicant, call=call)
    if existing is not None:
        return existing
    if not call.is_open:
        raise ValidationError(_("This call is not open to applications."))
    if (
        call.applications.filter(applicant=applicant)
        .exclude(state=ApplicationState.WITHDRAWN)
        .exists()
    ):
        raise ValidationError(_("You have already applied to this call."))
    return Application.objects.create(call=call, applicant=applicant)


def _check_editable(application: Application, actor: User) -> None:
    if actor.pk != application.applicant_id:
        raise ValidationError(_("Only the applicant can change the application."))
    if application.state not in EDITABLE_STATES:
        raise ValidationError(_("This application is submitted: it can no longer be changed."))


@transaction.atomic
def application_save(
    *,
    application: Application,
    actor: User,
    expected_version: int,
    sdgs: Iterable[SustainableDevelopmentGoal] | None = None,
    **fields,
) -> Application:
    """Saves some fields of a draft (a section of the form), complete or not."""
    _check_editable(application, actor)
    if fields.get("carrier_kind") == CarrierKind.INDIVIDUAL:
        fields["carrier_structure"] = None
    structure = fields.get("carrier_structure")
    if (
        structure is not None
        and not selectors.structure_choices_for(user=actor).filter(pk=structure.pk).exists()
    ):
        raise ValidationError(_("You can only apply on behalf of a structure you belong to."))
    update_versioned(record=application, expected_version=expected_version, fields=fields)
    if sdgs is not None:
        application.sdgs.set(sdgs)
    return application


# The rows an application holds in order.
Line = TypeVar("Line", TeamMember, BudgetLine)


def _lines_replace(
    application: Application, model: type[Line], lines: list[dict[str, Any]]
) -> None:
    """Replaces the application's rows of ``model`` (its team, its budget) by ``lines``, in
    their order."""
    model.objects.filter(application=application).delete()
    model.objects.bulk_create(
        model(application=application, position=position, **line)
        for position, line in enumerate(lines)
    )


@transaction.atomic
def application_save_team(
    *, application: Application, actor: User, expected_version: int, members: list[dict]
) -> Application:
    """Replaces the team by `members` (dicts of TeamMember fields; empty ones are skipped)."""
    _check_editable(application, actor)
    update_versioned(record=application, expected_version=expected_version, fields={})
    _lines_replace(application, TeamMember, members)
    return application


@transaction.atomic
def application_save_budget(
    *,
    application: Application,
    actor: User,
    expected_version: int,
    requested_amount: Decimal | None,
    lines: list[dict],
) -> Application:
    """Replaces the budget lines (dicts with side, label, amount) and the request."""
    _check_editable(application, actor)
    update_versioned(
        record=application,
        expected_version=expected_version,
        fields={"requested_amount": requested_amount},
    )
    _lines_replace(application, BudgetLine, lines)
    return application


@transaction.atomic
def application_document_add(
    *,
    application: Application,
    actor: User,
    required_document: RequiredDocument | None,
    file: UploadedFile,
) -> ApplicationDocument:
    """Attaches a file (already checked by `validate_upload`); a new file for a required
    document replaces the previous one."""
    _check_editable(application, actor)
    if required_document is not None:
        if required_document.call_id != application.call_id:
            raise ValidationError(_("This document is not asked by this call."))
        for previous in application.documents.filter(required_document=required_document):
            previous.file.delete(save=False)
            previous.delete()
    return ApplicationDocument.objects.create(
        application=application,
        required_document=required_document,
        file=file,
        original_name=Path(file.name or "").name[:255],
        size=file.size or 0,
        uploaded_by=actor,
    )


@transaction.atomic
def application_document_remove(*, document: ApplicationDocument, actor: User) -> None:
    _check_editable(document.application, actor)
    document.file.delete(save=False)
    document.delete()


@transaction.atomic
def application_delete_draft(*, application: Application, actor: User) -> None:
    """The applicant deletes a draft never submitted, with its files."""
    if actor.pk != application.applicant_id:
        raise ValidationError(_("Only the applicant can delete the application."))
    if application.state != ApplicationState.DRAFT or application.submitted_at is not None:
        raise ValidationError(_("Only a draft never submitted can be deleted."))
    for document in application.documents.all():
        document.file.delete(save=False)
    for message in application.messages.exclude(attachment=""):
        message.attachment.delete(save=False)
    application.delete()
