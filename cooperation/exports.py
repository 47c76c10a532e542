"""Exports of a department's filtered project list: CSV and XLSX.

One row per project, these columns in this order (headers in the visitor's language):

==========================  ==========================================================
column                      content
==========================  ==========================================================
title                       the project's title
slug                        its identifier in addresses
kind                        kind of cooperation (label)
stage                       idea, shared diagnostic, planning, … (label)
department                  the owning department, "name (code)"
partner territories         names, separated by commas
countries                   countries of the partner territories, without repeats
SDGs                        goal numbers, separated by commas
themes                      names, separated by commas
start                       start date (ISO 8601 in CSV, a date cell in XLSX)
end                         end date
total budget                euros
department contribution     euros
published                   yes / no
public URL                  address of the public page, empty when not published
==========================  ==========================================================

CSV: UTF-8 with a byte-order mark and ";" as separator, amounts with a decimal comma,
as French spreadsheets expect; streamed row by row. XLSX: amounts are numbers and dates
are dates, written by openpyxl's write-only workbook into a temporary file. Both read
the queryset with ``.iterator(chunk_size=…)``: never all the rows in memory, and a
constant number of queries per chunk (the row, then one prefetch per relation).

A text starting with ``=``, ``+``, ``-`` or ``@`` is kept as text: in CSV it is prefixed
with an apostrophe, in XLSX its cell is typed as a string (never a formula).
"""

from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.csv_stream import CHUNK_SIZE, csv_stream
from common.spreadsheets import csv_download, xlsx_download
from cooperation.models import CooperationProject


def headers() -> list[str]:
    return [
        _("Title"),
        _("Slug"),
        _("Kind"),
        _("Stage"),
        _("Department"),
        _("Partner territories"),
        _("Countries"),
        _("SDGs"),
        _("Themes"),
        _("Start"),
        _("End"),
        _("Total budget (€)"),
        _("Department's contribution (€)"),
        _("Published"),
        _("Public URL"),
    ]


def project_row(project: CooperationProject) -> list:
    """The values of one project, typed (dates, Decimals, booleans as yes/no)."""
    territories = list(project.territories.all())
    countries = list(dict.fromkeys(str(territory.country.name) for territory in territories))
    return [
        project.title,
        project.slug,
        project.get_kind_display(),
        project.get_status_display(),
        f"{project.department.name} ({project.department.code})",
        ", ".join(territory.name for territory in territories),
        ", ".join(countries),
        ", ".join(str(goal.number) for goal in project.sdg_goals.all()),
        ", ".join(theme.name for theme in project.themes.all()),
        project.start_date,
        project.end_date,
        project.total_budget,
        project.department_contribution,
        _("yes") if project.is_public else _("no"),
        settings.SITE_URL + project.get_absolute_url() if project.is_public else "",
    ]


def _rows(queryset: QuerySet[CooperationProject]) -> Iterator[list]:
    for project in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield project_row(project)


def _filename(code: str, extension: str) -> str:
    return f"projets-{code}-{timezone.localdate():%Y-%m-%d}.{extension}"


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    return csv_stream(headers(), rows)


def projects_csv_response(
    queryset: QuerySet[CooperationProject], *, code: str
) -> StreamingHttpResponse:
    return csv_download(header=headers(), rows=_rows(queryset), filename=_filename(code, "csv"))


def projects_xlsx_response(queryset: QuerySet[CooperationProject], *, code: str) -> FileResponse:
    return xlsx_download(
        title=_("Projects"),
        header=headers(),
        rows=_rows(queryset),
        filename=_filename(code, "xlsx"),
        widths=(("A", 50), ("B", 30), ("E", 24), ("F", 30), ("I", 30), ("O", 50)),
    )
