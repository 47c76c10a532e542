"""Exports of a call's filtered list of applications: CSV and XLSX.

Columns: reference, project title, state, applicant (name and e-mail), carrier,
destination country, departure, return, team size, amount requested, amount granted,
first submitted on. CSV as in `cooperation.exports` (UTF-8 with BOM, ";" separator,
decimal comma, formula guard), streamed; XLSX with typed cells from a write-only
workbook. Both read the queryset in chunks.
"""

import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from calls.models import Application, Call
from common.csv_stream import csv_stream
from cooperation.exports import XLSX_CONTENT_TYPE

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from calls.selectors.applications import ListedFigures

    # An application of selectors.call_application_list.
    Listed = WithAnnotations[Application, ListedFigures]

CHUNK_SIZE = 500


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
    response = StreamingHttpResponse(
        csv_stream(headers(), _rows(queryset)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(call, "csv")}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _cell(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, Decimal):
        cell.number_format = "#,##0.00"
    elif isinstance(value, date | datetime):
        cell.number_format = "yyyy-mm-dd"
    elif cell.data_type == "f":
        cell.data_type = "s"  # a title starting with "=" stays a text
    return cell


def applications_xlsx_response(queryset: "QuerySet[Listed]", *, call: Call) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Applications")[:31])
    for letter, width in (("A", 16), ("B", 40), ("D", 24), ("E", 30), ("F", 30)):
        sheet.column_dimensions[letter].width = width
    sheet.append([_cell(sheet, header) for header in headers()])
    for row in _rows(queryset):
        sheet.append([_cell(sheet, value) for value in row])
    output = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    response = FileResponse(
        output, as_attachment=True, filename=_filename(call, "xlsx"), content_type=XLSX_CONTENT_TYPE
    )
    response["Cache-Control"] = "private, no-store"
    return response
