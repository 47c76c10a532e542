"""Public pages of the partners app: home, ESS directory, departments."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from calls import figures as call_figures
from calls import selectors as calls_selectors
from cooperation import figures as cooperation_figures
from partners import selectors
from partners.filters import StructureDirectoryFilter
from partners.pagination import paginate
from partners.public_cache import public_page


@public_page
def home(request: HttpRequest) -> HttpResponse:
    figures = cooperation_figures.portal_figures()
    has_projects = figures.projects > 0
    return render(
        request,
        "partners/public/home.html",
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
def structure_list(request: HttpRequest) -> HttpResponse:
    structure_filter = StructureDirectoryFilter(
        request.GET, queryset=selectors.structure_public_list()
    )
    page = paginate(request, structure_filter.qs)
    return render(
        request,
        "partners/public/structure_list.html",
        {"filter": structure_filter, "page": page},
    )


@public_page
def structure_detail(request: HttpRequest, slug: str) -> HttpResponse:
    structure = selectors.structure_public_get(slug=slug)
    if structure is None:
        raise Http404
    return render(request, "partners/public/structure_detail.html", {"structure": structure})


@public_page
def department_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partners/public/department_list.html",
        {"departments": selectors.department_list_public()},
    )


@public_page
def department_detail(request: HttpRequest, code: str) -> HttpResponse:
    # The department and the totals of its public projects, in one query.
    department = cooperation_figures.department_with_figures(code=code)
    if department is None:
        raise Http404
    structures = selectors.structure_public_list().filter(department=department)
    return render(
        request,
        "partners/public/department_detail.html",
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
