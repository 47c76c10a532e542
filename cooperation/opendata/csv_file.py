"""The published projects as CSV, one row per project (columns in ``documentation``)."""

from collections.abc import Iterable
from datetime import datetime

from django.http import StreamingHttpResponse
from django.utils import timezone

from common.csv_stream import CHUNK_SIZE, csv_stream
from cooperation.models import CooperationProject
from cooperation.opendata.datasets import (
    dated_filename,
    download_response,
    public_url,
    published_projects,
    territory_countries,
)
from cooperation.opendata.documentation import CSV_COLUMNS, LIST_SEPARATOR


def _join(values: Iterable) -> str:
    return LIST_SEPARATOR.join(str(value) for value in values)


def _timestamp(value: datetime | None) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def csv_row(project: CooperationProject) -> list:
    territories = list(project.territories.all())
    return [
        project.slug,
        project.title,
        public_url(project),
        project.department.code,
        project.department.name,
        project.kind,
        project.status,
        project.start_date,
        project.end_date,
        _join(territory.name for territory in territories),
        _join(territory_countries(territories)),
        _join(goal.number for goal in project.sdg_goals.all()),
        _join(target.code for target in project.sdg_targets.all()),
        _join(theme.code for theme in project.themes.all()),
        project.total_budget,
        project.department_contribution,
        _join(
            f"{partner.organisation.name} ({partner.role}, {partner.side})"
            for partner in project.partners.all()
        ),
        _timestamp(project.published_at),
        _timestamp(project.updated_at),
    ]


def csv_response() -> StreamingHttpResponse:
    rows = (csv_row(project) for project in published_projects().iterator(chunk_size=CHUNK_SIZE))
    return download_response(
        csv_stream([column.name for column in CSV_COLUMNS], rows),
        content_type="text/csv; charset=utf-8",
        filename=dated_filename("csv"),
    )
