"""Exports of a call's filtered list of applications: CSV and XLSX.

Columns: reference, project title, state, applicant (name and e-mail), carrier,
destination country, departure, return, team size, amount requested, amount granted,
first submitted on. CSV as in `cooperation.exports` (UTF-8 with BOM, ";" separator,
decimal comma, formula guard), streamed; XLSX with typed cells from a write-only
workbook. Both read the queryset in chunks.
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import Application, Call
from common.csv_stream import CHUNK_SIZE
from common.spreadsheets import csv_download, xlsx_download

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from calls.selectors.applications import ListedFigures

    # An application of selectors.call_application_list.
    Listed = WithAnnotations[Application, ListedFigures]


def headers() -> list[str]:
    return [
        _("Reference"),
        _("Project"),
        _("State"),
        _("Applicant"),
        _("E-mail"),
        _("Carrier"),
        _("Destination country"),
        _("Departure"),
        _("Return"),
        _("Team members"),
        _("Amount requested (€)"),
        _("Amount granted (€)"),
        _("Submitted on"),
    ]


def application_row(application: "Listed") -> list[Any]:
    carrier = application.carrier_structure or application.carrier_name
    submitted = application.submitted_at
    return [
        application.reference,
        application.title,
        application.get_state_display(),
        application.applicant.get_full_name(),
        application.applicant.email,
        str(carrier) if carrier else application.get_carrier_kind_display(),
        str(application.destination_country.name) if application.destination_country else "",
        application.departure_date,
        application.return_date,
        application.member_count,
        application.requested_amount,
        application.granted_amount,
        timezone.localtime(submitted).date() if submitted else None,
    ]


def _rows(queryset: "QuerySet[Listed]") -> Iterator[list[Any]]:
    for application in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield application_row(application)


def _filename(call: Call, extension: str) -> str:
    return f"candidatures-{call.slug}-{timezone.localdate():%Y-%m-%d}.{extension}"


def applications_csv_response(queryset: "QuerySet[Listed]", *, call: Call) -> StreamingHttpResponse:
    return csv_download(header=headers(), rows=_rows(queryset), filename=_filename(call, "csv"))


def applications_xlsx_response(queryset: "QuerySet[Listed]", *, call: Call) -> FileResponse:
    return xlsx_download(
        title=_("Applications"),
        header=headers(),
        rows=_rows(queryset),
        filename=_filename(call, "xlsx"),
        widths=(("A", 16), ("B", 40), ("D", 24), ("E", 30), ("F", 30)),
    )
