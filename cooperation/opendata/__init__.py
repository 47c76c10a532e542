"""Open data: the published projects as CSV, GeoJSON and IATI 2.03 activity XML.

Published under the Licence Ouverte / Open Licence 2.0 (Etalab), documented on
``/donnees/`` from the column and field lists of ``documentation`` (one source for the
file and its documentation). One module per format: ``csv_file``, ``geojson``, ``iati``
(which also explains the IATI choices); ``datasets`` holds the reads they share.

What never leaves: unpublished projects, people (no name, no e-mail of anyone), measurements
that are not approved, reviewers' notes, private documents, diagnostics and exchanges.

All three downloads stream: the projects are read with ``.iterator(chunk_size=…)`` and
their relations prefetched chunk by chunk (Django ≥ 4.1), so memory and the number of
queries per chunk stay constant whatever the number of projects.
"""

from common.csv_stream import CHUNK_SIZE
from cooperation.opendata.csv_file import csv_response, csv_row
from cooperation.opendata.datasets import (
    DatasetSizes,
    dataset_sizes,
    public_url,
    published_projects,
    published_projects_for_iati,
    published_projects_for_map,
)
from cooperation.opendata.documentation import (
    CSV_COLUMNS,
    GEOJSON_PROPERTIES,
    IATI_ELEMENTS,
    LICENCE_NAME,
    LICENCE_URL,
    LIST_SEPARATOR,
    Field,
)
from cooperation.opendata.geojson import geojson_features, geojson_lines, geojson_response
from cooperation.opendata.iati import (
    IATI_VERSION,
    iati_activity,
    iati_identifier,
    iati_lines,
    iati_response,
    organisation_type,
    percentages,
    reporting_org_ref,
)

__all__ = [
    "CHUNK_SIZE",
    "CSV_COLUMNS",
    "GEOJSON_PROPERTIES",
    "IATI_ELEMENTS",
    "IATI_VERSION",
    "LICENCE_NAME",
    "LICENCE_URL",
    "LIST_SEPARATOR",
    "DatasetSizes",
    "Field",
    "csv_response",
    "csv_row",
    "dataset_sizes",
    "geojson_features",
    "geojson_lines",
    "geojson_response",
    "iati_activity",
    "iati_identifier",
    "iati_lines",
    "iati_response",
    "organisation_type",
    "percentages",
    "public_url",
    "published_projects",
    "published_projects_for_iati",
    "published_projects_for_map",
    "reporting_org_ref",
]
