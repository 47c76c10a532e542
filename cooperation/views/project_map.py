"""The public project map: the page, its bounded data endpoint and its popups.

Without JavaScript /carte/ is the filter form and the list of the filtered projects by
partner country; static/js/map.js draws the map from /carte/donnees/ over it.
"""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_GET

from common.public_cache import public_cache, public_page
from common.views import found_or_404
from cooperation import map_selectors
from cooperation.filters import ProjectFilter

CACHE_SECONDS = 60
# The view shown when the address gives none: the whole world.
DEFAULT_ZOOM = 2
DEFAULT_VIEW: dict[str, float] = {"z": DEFAULT_ZOOM, "lat": 20.0, "lng": 10.0}


def _map_view(params: QueryDict) -> dict[str, float]:
    """The map view of the address (z, lat, lng), clamped; the default otherwise."""
    view = dict(DEFAULT_VIEW)
    view["z"] = map_selectors.parse_zoom(params.get("z"), default=DEFAULT_ZOOM)
    for name, limit in (("lat", 85.0), ("lng", 180.0)):
        try:
            value = float(params.get(name, ""))
        except ValueError:
            continue
        if -limit <= value <= limit:
            view[name] = round(value, 5)
    return view


def _filter_query(params: QueryDict) -> str:
    """The filters of the address, without the map view (for /projets/?…)."""
    query = params.copy()
    for name in ("z", "lat", "lng", "page"):
        query.pop(name, None)
    return query.urlencode()


@public_page(params=("z", "lat", "lng"), filterset=ProjectFilter)
@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    project_filter = map_selectors.map_filter(request.GET)
    groups = map_selectors.map_country_groups(project_filter)
    filter_query = _filter_query(request.GET)
    for group in groups:
        query = QueryDict(filter_query, mutable=True)
        query["country"] = group.country.code
        group.query = query.urlencode()
    return render(
        request,
        "cooperation/public/map.html",
        {
            "filter": project_filter,
            "groups": groups,
            "project_total": project_filter.qs.count(),
            "per_country": map_selectors.LIST_PROJECTS_PER_COUNTRY,
            "filter_query": filter_query,
            "view": _map_view(request.GET),
            "map_config": {
                "dataUrl": reverse("cooperation:map_data"),
                "popupUrl": reverse("cooperation:map_popup", kwargs={"slug": "__slug__"}),
                "tileUrl": settings.MAP_TILE_URL,
                "attribution": settings.MAP_TILE_ATTRIBUTION,
            },
        },
    )


@require_GET
def map_data(request: HttpRequest) -> HttpResponse:
    """Aggregates or points for one view and filters, as JSON (see map_selectors).

    The ETag hashes the normalised query and the data version: an unchanged view of
    unchanged data answers 304 without computing anything, and the computed JSON is
    cached under the ETag, so any project write (which changes the version) misses it.
    """
    query = map_selectors.MapQuery.from_params(request.GET)
    version = map_selectors.map_data_version()
    etag = quote_etag(f"map-{version.token}-{query.key()}")
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={CACHE_SECONDS}"}
    if version.last_modified is not None:
        headers["Last-Modified"] = http_date(version.last_modified.timestamp())
    if_none_match = request.headers.get("If-None-Match", "")
    if etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match == "*":
        response = HttpResponseNotModified()
        for name, value in headers.items():
            response[name] = value
        return response
    cache_key = f"cooperation:map-data:{etag}"
    body = public_cache().get(cache_key)
    if body is None:
        body = json.dumps(
            map_selectors.map_data(query), ensure_ascii=False, separators=(",", ":")
        ).encode()
        public_cache().set(cache_key, body, CACHE_SECONDS * 10)
    return HttpResponse(body, content_type="application/json", headers=headers)


@public_page
@require_GET
def map_popup(request: HttpRequest, slug: str) -> HttpResponse:
    project = found_or_404(map_selectors.map_popup_project(slug=slug))
    return render(request, "cooperation/public/map_popup.html", {"project": project})
