"""The winners' final report, and closing an application."""

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import (
    Application,
    ApplicationState,
    FinalReport,
)
from calls.services.transitions import application_transition
from common.uploads import validate_upload
from partners.models import User


def _open_report(application: Application, actor: User) -> FinalReport:
    locked = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if actor.pk != locked.applicant_id:
        raise ValidationError(_("Only the applicant can write the final report."))
    if locked.state != ApplicationState.ACCEPTED:
        raise ValidationError(_("The final report is written once the application is accepted."))
    report, _created = FinalReport.objects.get_or_create(application=locked)
    report = FinalReport.objects.select_for_update().get(pk=report.pk)
    if report.submitted_at is not None:
        raise ValidationError(_("The final report is submitted: it can no longer be changed."))
    return report


@transaction.atomic
def final_report_save(
    *,
    application: Application,
    actor: User,
    narrative: str = "",
    presentation_date: date | None = None,
    presentation_place: str = "",
    presentation_audience: int | None = None,
    financial_report: UploadedFile | None = None,
) -> FinalReport:
    """Saves the winners' final report as it is (a draft, complete or not). The financial
    report is checked by its content; a new file replaces the previous one."""
    report = _open_report(application, actor)
    report.narrative = narrative.strip()
    report.presentation_date = presentation_date
    report.presentation_place = presentation_place.strip()
    report.presentation_audience = presentation_audience
    if financial_report is not None:
        validate_upload(financial_report)
        if report.financial_report:
            report.financial_report.delete(save=False)
        report.financial_report = financial_report
        report.financial_report_name = Path(financial_report.name or "").name[:255]
    report.version = F("version") + 1
    report.save()
    report.refresh_from_db()
    return report


def final_report_problems(*, report: FinalReport) -> list[str]:
    missing = [
        label
        for label, value in (
            (_("what happened"), report.narrative),
            (_("the date of the public presentation"), report.presentation_date),
            (_("its place"), report.presentation_place),
            (_("the size of its audience"), report.presentation_audience is not None),
            (_("the financial report"), report.financial_report),
        )
        if not value
    ]
    if not missing:
        return []
    return [_("Give %(list)s before submitting the report.") % {"list": ", ".join(missing)}]


@transaction.atomic
def final_report_submit(*, application: Application, actor: User) -> FinalReport:
    """Submits the saved final report if complete; it is final afterwards and the staff
    can close the file."""
    report = _open_report(application, actor)
    problems = final_report_problems(report=report)
    if problems:
        raise ValidationError(problems)
    report.submitted_at = timezone.now()
    report.version = F("version") + 1
    report.save(update_fields=["submitted_at", "version", "updated_at"])
    report.refresh_from_db()
    return report


@transaction.atomic
def application_close(*, application: Application, actor: User) -> Application:
    """Closes the file of an accepted application once its final report is submitted."""
    report = FinalReport.objects.filter(application=application).first()
    if report is None or report.submitted_at is None:
        raise ValidationError(_("The file is closed once the winners' final report is received."))
    return application_transition(
        application=application, to_state=ApplicationState.CLOSED, actor=actor
    )
