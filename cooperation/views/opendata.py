"""Open data: the three downloads of the projects (the page that documents every
dataset is ``portal.views.public.open_data``).

The downloads stream the published projects (see ``cooperation.opendata``); the views only
hand over the response.
"""

from django.http import HttpRequest, StreamingHttpResponse
from django.views.decorators.http import require_safe

from cooperation import opendata


@require_safe
def projects_csv(request: HttpRequest) -> StreamingHttpResponse:
    return opendata.csv_response()


@require_safe
def projects_geojson(request: HttpRequest) -> StreamingHttpResponse:
    return opendata.geojson_response()


@require_safe
def projects_iati(request: HttpRequest) -> StreamingHttpResponse:
    return opendata.iati_response()
