"""The published projects as every download reads them, their approximate sizes, and what
the downloads share (the public address of a project, the attachment response)."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from cooperation.models import (
    CooperationProject,
    Indicator,
    Measurement,
    MeasurementStatus,
    ProjectPartner,
    SdgTarget,
)
from partners.models import PartnerTerritory

# Approximate bytes per row, for the sizes announced on /donnees/.
BYTES_PER_CSV_ROW = 550
BYTES_PER_FEATURE = 500
BYTES_PER_ACTIVITY = 5000


# Reads


def published_projects() -> QuerySet[CooperationProject]:
    """Published projects with what every export needs, a few queries per chunk."""
    return (
        CooperationProject.objects.filter(is_public=True)
        .select_related("department")
        .prefetch_related(
            "territories",
            "sdg_goals",
            "themes",
            Prefetch("sdg_targets", queryset=SdgTarget.objects.select_related("goal")),
            Prefetch(
                "partners",
                queryset=ProjectPartner.objects.select_related("organisation").order_by(
                    "side", "role", "organisation__name"
                ),
            ),
        )
        .order_by("department__code", "slug")
    )


def published_projects_for_map() -> QuerySet[CooperationProject]:
    return (
        CooperationProject.objects.filter(is_public=True)
        .select_related("department")
        .prefetch_related(
            Prefetch(
                "territories",
                queryset=PartnerTerritory.objects.filter(
                    latitude__isnull=False, longitude__isnull=False
                ),
            ),
            "sdg_goals",
        )
        .order_by("department__code", "slug")
    )


def published_projects_for_iati() -> QuerySet[CooperationProject]:
    approved = Measurement.objects.filter(status=MeasurementStatus.APPROVED).order_by(
        "period_start", "period_end", "pk"
    )
    return published_projects().prefetch_related(
        "co_departments",
        Prefetch(
            "indicators",
            queryset=Indicator.objects.select_related("objective").prefetch_related(
                Prefetch("measurements", queryset=approved)
            ),
        ),
    )


@dataclass(frozen=True)
class DatasetSizes:
    projects: int
    points: int

    @property
    def csv(self) -> int:
        return 400 + self.projects * BYTES_PER_CSV_ROW

    @property
    def geojson(self) -> int:
        return 50 + self.points * BYTES_PER_FEATURE

    @property
    def iati(self) -> int:
        return 200 + self.projects * BYTES_PER_ACTIVITY


def dataset_sizes() -> DatasetSizes:
    """Counts behind the approximate download sizes (one query)."""
    counts = CooperationProject.objects.filter(is_public=True).aggregate(
        projects=Count("pk", distinct=True),
        points=Count(
            "territories",
            filter=Q(territories__latitude__isnull=False, territories__longitude__isnull=False),
        ),
    )
    return DatasetSizes(projects=counts["projects"], points=counts["points"])


# Shared pieces


def public_url(project: CooperationProject) -> str:
    return settings.SITE_URL + project.get_absolute_url()


def territory_countries(territories: Iterable[PartnerTerritory]) -> list[str]:
    """The ISO 3166-1 codes of the territories' countries, without repeats."""
    return list(dict.fromkeys(territory.country.code for territory in territories))


def dated_filename(extension: str) -> str:
    return f"projets-publies-{timezone.localdate():%Y-%m-%d}.{extension}"


def download_response(
    content: Iterator, *, content_type: str, filename: str
) -> StreamingHttpResponse:
    """A streamed attachment that any site may fetch (CORS open)."""
    response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
