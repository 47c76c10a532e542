"""Personal data of the applications, kept no longer than their call says.

Each call sets a retention period (``Call.retention_months``), counted from its closing
time. Past it, ``applications_purge_expired`` (run daily by the task in calls/tasks.py,
or by ``manage.py purge_applications``):

- deletes the drafts never submitted, with their files;
- erases the people's data of the submitted applications: names, birth dates, towns of
  the team, the carrier's contact details, the messages and every uploaded file, the
  submitted snapshot and the audit history of those rows. What remains (reference, state,
  amounts, destination country, number of young people and their gender, dates) still
  feeds the statistics of the call and the open data of the grants.
"""

import calendar
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from calls.models import Application, ApplicationState, Call

ERASED = "—"


@dataclass(frozen=True)
class PurgeReport:
    drafts_deleted: int
    applications_anonymised: int


def add_months(moment: datetime, months: int) -> datetime:
    """The same day ``months`` later (the last day of a shorter month), in Paris time."""
    local = timezone.localtime(moment)
    month_index = local.month - 1 + months
    year, month = local.year + month_index // 12, month_index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)


def retention_end(*, call: Call) -> datetime:
    return add_months(call.closes_at, call.retention_months)


def applications_past_retention(*, now: datetime) -> QuerySet[Application]:
    """Applications whose call's retention period is over and not yet erased."""
    closed_calls = Call.objects.filter(closes_at__lt=now).only("closes_at", "retention_months")
    expired_calls = [call.pk for call in closed_calls if retention_end(call=call) <= now]
    return Application.objects.filter(call__in=expired_calls, anonymised_at__isnull=True)


def _delete_files(application: Application) -> None:
    for document in application.documents.all():
        document.file.delete(save=False)
    for message in application.messages.exclude(attachment=""):
        message.attachment.delete(save=False)
    report = getattr(application, "final_report", None)
    if report is not None and report.financial_report:
        report.financial_report.delete(save=False)


@transaction.atomic
def application_anonymise(*, application: Application, now: datetime | None = None) -> None:
    """Erases the personal data of one submitted application (see the module's text)."""
    now = now or timezone.now()
    _delete_files(application)
    application.documents.all().delete()
    application.messages.all().delete()
    application.members.update(first_name=ERASED, last_name="", birth_date=None, town="")
    if application.carrier_structure_id is None:
        application.carrier_name = ERASED
    application.carrier_details = ""
    application.local_partner_details = ""
    application.submitted_snapshot = None
    application.anonymised_at = now
    application.save(
        update_fields=[
            "carrier_name",
            "carrier_details",
            "local_partner_details",
            "submitted_snapshot",
            "anonymised_at",
        ]
    )
    report = getattr(application, "final_report", None)
    if report is not None and report.financial_report:
        report.financial_report = ""
        report.save(update_fields=["financial_report"])
    # The audit history holds the erased values too.
    Application.history.filter(id=application.pk).delete()


@transaction.atomic
def application_delete_expired_draft(*, application: Application) -> None:
    _delete_files(application)
    Application.history.filter(id=application.pk).delete()
    application.delete()


def applications_purge_expired(*, now: datetime | None = None) -> PurgeReport:
    """Deletes the expired drafts and erases the expired submitted applications."""
    now = now or timezone.now()
    deleted = anonymised = 0
    for application in applications_past_retention(now=now).select_related("call"):
        if application.state == ApplicationState.DRAFT or application.reference is None:
            application_delete_expired_draft(application=application)
            deleted += 1
        else:
            application_anonymise(application=application, now=now)
            anonymised += 1
    return PurgeReport(drafts_deleted=deleted, applications_anonymised=anonymised)
