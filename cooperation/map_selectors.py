"""Reads of the project map (/carte/): bounded at any zoom, computed in SQL.

The map never receives one row per project at national scale: at low zoom it gets one
aggregate per partner country, at middle zoom one aggregate per grid cell of the visible
area, and at high zoom the points of the visible area only, capped. The accessible list
beside the map shows the countries with their counts and their first projects.

Everything starts from the published projects filtered by ``ProjectFilter``, the very
FilterSet of /projets/, so the map, its list and /projets/ always agree.
"""

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import (
    Avg,
    Count,
    F,
    FloatField,
    Max,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.functions import Cast, DenseRank, Floor, Left
from django.http import QueryDict
from django_countries.fields import Country

from common.public_cache import cached_for_version, public_data_version
from cooperation.filters import ProjectFilter
from cooperation.models import CooperationProject

# Zoom levels (Leaflet's, 0 = the whole world in one 256-pixel tile).
MIN_ZOOM, MAX_ZOOM = 0, 18
COUNTRY_MAX_ZOOM = 4  # up to here: one aggregate per country
CELL_MAX_ZOOM = 8  # up to here: one aggregate per grid cell; beyond: points
# A grid cell is about a quarter of a tile wide (64 pixels on screen).
CELLS_PER_TILE = 4
MAX_CELLS = 2_000
MAX_POINTS = 2_000
# A response stays under 200 KB whatever the titles' lengths: points stop at this budget.
POINTS_BYTE_BUDGET = 180_000
TITLE_MAX_CHARS = 90
TERRITORY_MAX_CHARS = 60
# How many projects of each country the accessible list shows (the rest: a link).
LIST_PROJECTS_PER_COUNTRY = 3

Through = CooperationProject.territories.through


# Filters and view parameters


def map_filter(params: QueryDict) -> ProjectFilter:
    """The /projets/ FilterSet on the published projects."""
    return ProjectFilter(params, queryset=CooperationProject.objects.filter(is_public=True))


def _active_filters(project_filter: ProjectFilter) -> bool | None:
    """Whether the visitor chose any filter (None when the form is invalid)."""
    if not project_filter.is_valid():
        return None
    return any(
        value not in (None, "", [], ()) for value in project_filter.form.cleaned_data.values()
    )


def _project_links(project_filter: ProjectFilter) -> QuerySet:
    """(project, territory) links of the filtered public projects; restricted to the chosen
    partner country when there is one (a project's other countries are not what the visitor
    asked for)."""
    links = Through.objects.filter(cooperationproject__is_public=True)
    active = _active_filters(project_filter)
    if active is False:
        return links
    # The FilterSet's own query as a semi-join; its DISTINCT is useless under IN (…) and
    # only makes the plan worse.
    projects = project_filter.qs.order_by().values("pk")
    projects.query.distinct = False
    links = links.filter(cooperationproject_id__in=projects)
    country = project_filter.form.cleaned_data.get("country") if active else ""
    if country:
        links = links.filter(partnerterritory__country=country)
    return links


def _filtered_links(project_filter: ProjectFilter) -> QuerySet:
    """The links placed on the map: their territory has coordinates."""
    return _project_links(project_filter).filter(
        partnerterritory__latitude__isnull=False, partnerterritory__longitude__isnull=False
    )


def parse_zoom(value: str | None, default: int = 2) -> int:
    if value is None:
        return default
    """The zoom of the address, clamped; the default when missing, malformed or not finite.

    ``inf``, ``1e309`` and ``nan`` parse as floats but have no integer value.
    """
    try:
        number = float(value)
    except ValueError:
        return default
    if not math.isfinite(number):
        return default
    return min(max(int(number), MIN_ZOOM), MAX_ZOOM)


@dataclass(frozen=True)
class BBox:
    west: float
    south: float
    east: float
    north: float

    @property
    def spans_the_world(self) -> bool:
        return self.east - self.west >= 360


def parse_bbox(value: str | None) -> BBox | None:
    """``west,south,east,north`` in degrees; None when missing or malformed."""
    try:
        west, south, east, north = (float(part) for part in (value or "").split(","))
    except ValueError:
        return None
    if not all(math.isfinite(v) for v in (west, south, east, north)) or south > north:
        return None
    if east < west:  # across the antimeridian, as Leaflet never sends but others may
        east += 360
    return BBox(west, max(south, -90.0), east, min(north, 90.0))


def cell_size(zoom: int) -> float:
    """Degrees of a grid cell at this zoom: a quarter of a tile."""
    return 360 / (2**zoom) / CELLS_PER_TILE


def snap_bbox(bbox: BBox, size: float) -> BBox:
    """Widens the box to whole cells: nearby views then share one cache entry."""
    return BBox(
        math.floor(bbox.west / size) * size,
        math.floor(bbox.south / size) * size,
        math.ceil(bbox.east / size) * size,
        math.ceil(bbox.north / size) * size,
    )


def _within(links: QuerySet, bbox: BBox | None) -> QuerySet:
    if bbox is None:
        return links
    links = links.filter(
        partnerterritory__latitude__gte=bbox.south, partnerterritory__latitude__lte=bbox.north
    )
    if bbox.spans_the_world:
        return links
    # Leaflet's longitudes go beyond ±180 when the world repeats: bring them back.
    west = (bbox.west + 180) % 360 - 180
    east = west + (bbox.east - bbox.west)
    if east <= 180:
        return links.filter(
            partnerterritory__longitude__gte=west, partnerterritory__longitude__lte=east
        )
    # The box crosses the antimeridian: two ranges.
    return links.filter(
        Q(partnerterritory__longitude__gte=west) | Q(partnerterritory__longitude__lte=east - 360)
    )


# Data version (for ETag, Last-Modified and the cache key)


@dataclass(frozen=True)
class DataVersion:
    token: str
    last_modified: datetime | None


def map_data_version() -> DataVersion:
    """What the map shows changes only with the public data: the token is the counter
    of ``common.public_cache``, which every write to a public table advances (one
    query); the moment of the latest project change is read once per version."""
    version = public_data_version()

    def latest_change() -> tuple:
        row = CooperationProject.objects.aggregate(
            updated=Max("updated_at"), published=Max("published_at")
        )
        moments = [moment for moment in (row["updated"], row["published"]) if moment]
        return (max(moments) if moments else None,)

    (last_modified,) = cached_for_version("map-last-modified", latest_change, version=version)
    return DataVersion(token=str(version), last_modified=last_modified)


# The data endpoint


@dataclass
class MapQuery:
    """A request of the data endpoint, normalised (the ETag hashes this)."""

    params: QueryDict
    zoom: int
    bbox: BBox | None
    filters: dict = field(default_factory=dict)

    @classmethod
    def from_params(cls, params: QueryDict) -> "MapQuery":
        zoom = parse_zoom(params.get("z"))
        bbox = parse_bbox(params.get("bbox"))
        if zoom <= COUNTRY_MAX_ZOOM:
            bbox = None  # every country: at most a few hundred aggregates
        elif bbox is not None:
            bbox = snap_bbox(bbox, cell_size(zoom))
        filter_names = ProjectFilter.base_filters.keys()
        filters = {
            name: sorted(v for v in params.getlist(name) if v)
            for name in sorted(filter_names)
            if any(params.getlist(name))
        }
        return cls(params=params, zoom=zoom, bbox=bbox, filters=filters)

    @property
    def level(self) -> str:
        if self.zoom <= COUNTRY_MAX_ZOOM:
            return "countries"
        if self.zoom <= CELL_MAX_ZOOM:
            return "cells"
        return "points"

    def key(self) -> str:
        """The normalised query: what the response depends on, besides the data."""
        # Cells depend on the zoom; countries do not.
        zoom = None if self.level == "countries" else self.zoom
        bbox = None if self.bbox is None else [round(v, 6) for v in vars(self.bbox).values()]
        payload = json.dumps([self.level, zoom, bbox, self.filters], sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:24]


def _round(value) -> float | None:
    return None if value is None else round(float(value), 4)


def map_data(query: MapQuery) -> dict:
    """The JSON of /carte/donnees/ for one query (one SQL query, plus the filter's)."""
    project_filter = map_filter(query.params)
    links = _filtered_links(project_filter)
    data: dict = {"level": query.level, "zoom": query.zoom, "truncated": False}
    if query.level == "countries":
        rows = (
            links.values(country=F("partnerterritory__country"))
            .annotate(
                count=Count("cooperationproject_id", distinct=True),
                lat=Avg("partnerterritory__latitude"),
                lng=Avg("partnerterritory__longitude"),
            )
            .order_by("country")
        )
        data["countries"] = [
            {
                "country": row["country"],
                "count": row["count"],
                "lat": _round(row["lat"]),
                "lng": _round(row["lng"]),
            }
            for row in rows
        ]
        return data

    links = _within(links, query.bbox)
    if query.level == "cells":
        size = cell_size(query.zoom)
        rows = list(
            links.annotate(
                row=Floor(Cast("partnerterritory__latitude", FloatField()) / Value(size)),
                column=Floor(Cast("partnerterritory__longitude", FloatField()) / Value(size)),
            )
            .values("row", "column")
            .annotate(
                count=Count("cooperationproject_id", distinct=True),
                lat=Avg("partnerterritory__latitude"),
                lng=Avg("partnerterritory__longitude"),
            )
            .order_by("-count", "row", "column")[: MAX_CELLS + 1]
        )
        data["truncated"] = len(rows) > MAX_CELLS
        data["cell_size"] = size
        data["cells"] = [
            {"count": row["count"], "lat": _round(row["lat"]), "lng": _round(row["lng"])}
            for row in rows[:MAX_CELLS]
        ]
        return data

    columns = ["slug", "title", "territory", "lat", "lng", "department_lat", "department_lng"]
    rows = list(
        links.annotate(
            short_title=Left("cooperationproject__title", TITLE_MAX_CHARS),
            territory_name=Left("partnerterritory__name", TERRITORY_MAX_CHARS),
        )
        .values_list(
            "cooperationproject__slug",
            "short_title",
            "territory_name",
            "partnerterritory__latitude",
            "partnerterritory__longitude",
            "cooperationproject__department__latitude",
            "cooperationproject__department__longitude",
        )
        .order_by("-cooperationproject__published_at", "cooperationproject_id", "id")[
            : MAX_POINTS + 1
        ]
    )
    points, size = [], 0
    for slug, title, territory, lat, lng, dlat, dlng in rows[:MAX_POINTS]:
        point = [slug, title, territory, _round(lat), _round(lng), _round(dlat), _round(dlng)]
        size += len(json.dumps(point, ensure_ascii=False).encode()) + 1
        if size > POINTS_BYTE_BUDGET:
            data["truncated"] = True
            break
        points.append(point)
    data["truncated"] = data["truncated"] or len(rows) > MAX_POINTS
    data["columns"] = columns
    data["points"] = points
    return data


# The accessible list beside the map


@dataclass
class CountryGroup:
    country: Country
    count: int
    projects: list[dict]
    query: str = ""  # the filters of /projets/ for this country (set by the view)

    @property
    def more(self) -> int:
        return self.count - len(self.projects)


def map_country_groups(project_filter: ProjectFilter) -> list[CountryGroup]:
    """The filtered projects by partner country: each country's count and first projects
    (alphabetical), in two queries whatever the number of projects."""
    links = _project_links(project_filter)
    counts = dict(
        links.values_list("partnerterritory__country")
        .annotate(count=Count("cooperationproject_id", distinct=True))
        .values_list("partnerterritory__country", "count")
        .order_by()
    )
    # The projects of each country ranked by title (a project with two territories in one
    # country shares its rank): the first few of each country, with their territories.
    rows = (
        links.annotate(
            rank=Window(
                DenseRank(),
                partition_by=[F("partnerterritory__country")],
                order_by=[F("cooperationproject__title").asc(), F("cooperationproject_id")],
            )
        )
        .filter(rank__lte=LIST_PROJECTS_PER_COUNTRY)
        .values(
            "rank",
            country=F("partnerterritory__country"),
            slug=F("cooperationproject__slug"),
            title=F("cooperationproject__title"),
            department=F("cooperationproject__department__name"),
            department_code=F("cooperationproject__department__code"),
            territory=F("partnerterritory__name"),
        )
        .order_by("country", "rank", "territory")
    )
    by_country: dict[str, dict[str, dict]] = {}
    for row in rows:
        projects = by_country.setdefault(row["country"], {})
        if row["slug"] in projects:
            projects[row["slug"]]["territories"] += ", " + row["territory"]
        else:
            projects[row["slug"]] = {**row, "territories": row["territory"]}
    groups = [
        CountryGroup(
            country=Country(code), count=count, projects=list(by_country.get(code, {}).values())
        )
        for code, count in counts.items()
    ]
    return sorted(groups, key=lambda group: str(group.country.name))


def map_popup_project(*, slug: str) -> CooperationProject | None:
    """A published project with what its popup shows."""
    return (
        CooperationProject.objects.filter(is_public=True, slug=slug)
        .select_related("department")
        .prefetch_related("territories")
        .only("slug", "title", "summary", "department__name", "department__code", "is_public")
        .first()
    )
