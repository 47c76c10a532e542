"""Public pages that combine apps: home, departments, the open data index."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from calls import figures as call_figures
from calls import opendata as calls_opendata
from calls import selectors as calls_selectors
from common.pagination import paginate
from common.public_cache import public_page
from cooperation import figures as cooperation_figures
from cooperation import opendata
from cooperation.models import ProjectKind, ProjectStatus
from partners import selectors
from partners.models import Theme


@public_page
def home(request: HttpRequest) -> HttpResponse:
    figures = cooperation_figures.portal_figures()
    has_projects = figures.projects > 0
    return render(
        request,
        "portal/home.html",
        {
            "figures": figures,
            # No query for the project lists when nothing is published.
            "top_countries": cooperation_figures.top_partner_countries() if has_projects else [],
            "latest_projects": (
                cooperation_figures.latest_public_projects() if has_projects else []
            ),
            "latest_structures": selectors.structure_latest_published(),
            "open_calls": list(calls_selectors.public_open_call_list()[:4]),
        },
    )


@public_page
def department_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/department_list.html",
        {"departments": selectors.department_list_public()},
    )


@public_page(params=("page",))
def department_detail(request: HttpRequest, code: str) -> HttpResponse:
    # The department and the totals of its public projects, in one query.
    department = cooperation_figures.department_with_figures(code=code)
    if department is None:
        raise Http404
    structures = selectors.structure_public_list().filter(department=department)
    return render(
        request,
        "portal/department_detail.html",
        {
            "department": department,
            "figures": cooperation_figures.department_figures(department=department),
            "call_figures": call_figures.department_call_figures(department=department),
            "open_calls": list(
                calls_selectors.public_open_call_list().filter(department=department)[:10]
            ),
            "page": paginate(request, structures),
        },
    )


def _datasets() -> list[dict]:
    return [
        {
            "slug": "csv",
            "title": _("CSV: the published projects"),
            "intro": _(
                "One row per published project. UTF-8 with a byte-order mark, columns "
                "separated by “;”, amounts with a decimal comma, as French spreadsheets "
                "expect; dates in ISO 8601. Several values in one cell are separated by “%s”."
            )
            % opendata.LIST_SEPARATOR,
            "caption": _("Columns of the CSV file, in their order"),
            "name_header": _("Column"),
            "fields": opendata.CSV_COLUMNS,
            "examples": True,
        },
        {
            "slug": "geojson",
            "title": _("GeoJSON: the projects on their partner territories"),
            "intro": _(
                "A FeatureCollection with one point per project and partner territory whose "
                "position is known (longitude, latitude in WGS 84): a project with three "
                "partner territories gives three points."
            ),
            "caption": _("Properties of each point of the GeoJSON file"),
            "name_header": _("Property"),
            "fields": opendata.GEOJSON_PROPERTIES,
            "examples": True,
        },
        {
            "slug": "iati",
            "title": _("IATI: the projects as activities of the aid transparency standard"),
            "intro": _(
                "One iati-activity per published project, in version 2.03 of the standard of "
                "the International Aid Transparency Initiative, valid against its schema. The "
                "department reports as a local government (organisation type 11). Identifiers "
                "have the form FR-DEP-<department code>-<project identifier>: they are not "
                "registered with the IATI registry."
            ),
            "caption": _("Elements of each IATI activity"),
            "name_header": _("Element"),
            "fields": opendata.IATI_ELEMENTS,
            "examples": False,
        },
        {
            "slug": "subventions",
            "title": _("SCDL: the grants of the calls for projects"),
            "intro": _(
                "One row per grant decided on a call for projects, in version %(version)s of "
                "the “subventions” format of the Socle commun des données locales, the "
                "format of French local authorities’ grant data: UTF-8, columns separated by "
                "“,”, amounts with a decimal point, dates in ISO 8601. Only grants to "
                "structures are published; grants to individuals are personal data, counted "
                "in the figures of each call but never named."
            )
            % {"version": calls_opendata.SCDL_VERSION},
            "caption": _("Columns of the SCDL file, in their order"),
            "name_header": _("Column"),
            "fields": calls_opendata.SCDL_COLUMNS,
            "examples": True,
        },
    ]


@public_page
@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/open_data.html",
        {
            "sizes": opendata.dataset_sizes(),
            "grant_count": calls_opendata.published_grant_count(),
            "datasets": _datasets(),
            "kinds": ProjectKind.choices,
            "stages": ProjectStatus.choices,
            "themes": Theme.objects.order_by("position", "code"),
            "licence_name": opendata.LICENCE_NAME,
            "licence_url": opendata.LICENCE_URL,
        },
    )
