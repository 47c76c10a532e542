"""Private downloads of a list as a spreadsheet: CSV streamed row by row, or XLSX written
to a temporary file (never held whole in memory). Both are marked ``private, no-store``:
they hold what only staff may read."""

import tempfile
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from common.csv_stream import csv_stream

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_download(
    *, header: list[str], rows: Iterable[list], filename: str
) -> StreamingHttpResponse:
    """A French-spreadsheet CSV (see ``common.csv_stream``) sent as ``filename``."""
    response = StreamingHttpResponse(
        csv_stream(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    """A cell whose amounts show two decimals, dates as dates, and a text starting with
    “=” stays a text (never a formula)."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, Decimal):
        cell.number_format = "#,##0.00"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    elif cell.data_type == "f":
        cell.data_type = "s"
    return cell


def xlsx_download(
    *,
    title: str,
    header: list[str],
    rows: Iterable[list],
    filename: str,
    widths: Iterable[tuple[str, int]] = (),
) -> FileResponse:
    """One sheet named ``title`` (31 characters at most, as Excel wants) with ``header``
    then ``rows``; ``widths`` gives some columns (by letter) their width."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for letter, width in widths:
        sheet.column_dimensions[letter].width = width
    sheet.append([xlsx_cell(sheet, value) for value in header])
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    # On disk, not in memory; the file disappears once the response is sent and closed.
    output = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    response = FileResponse(
        output, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
    response["Cache-Control"] = "private, no-store"
    return response
