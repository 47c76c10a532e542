"""The published projects as GeoJSON: one point per partner territory with coordinates
(properties in ``documentation``)."""

import json
from collections.abc import Iterator

from django.http import StreamingHttpResponse

from common.csv_stream import CHUNK_SIZE
from cooperation.models import CooperationProject
from cooperation.opendata.datasets import (
    dated_filename,
    download_response,
    public_url,
    published_projects_for_map,
)


def geojson_features(project: CooperationProject) -> Iterator[dict]:
    goals = [goal.number for goal in project.sdg_goals.all()]
    for territory in project.territories.all():
        if territory.latitude is None or territory.longitude is None:
            continue
        yield {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [float(territory.longitude), float(territory.latitude)],
            },
            "properties": {
                "identifiant": project.slug,
                "titre": project.title,
                "url": public_url(project),
                "departement_code": project.department.code,
                "departement_nom": project.department.name,
                "type": project.kind,
                "etape": project.status,
                "odd": goals,
                "territoire": territory.name,
                "pays_iso": territory.country.code,
            },
        }


def geojson_lines() -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": [\n'
    separator = ""
    for project in published_projects_for_map().iterator(chunk_size=CHUNK_SIZE):
        for feature in geojson_features(project):
            yield separator + json.dumps(feature, ensure_ascii=False)
            separator = ",\n"
    yield "\n]}\n"


def geojson_response() -> StreamingHttpResponse:
    return download_response(
        geojson_lines(), content_type="application/geo+json", filename=dated_filename("geojson")
    )
