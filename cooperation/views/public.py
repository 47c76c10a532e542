"""Public pages of the cooperation app: projects and the 17 SDGs.

Only published projects reach these pages, and of a project only what the public may
see: approved measurements, public documents; never a contributor, the diagnostic, an
exchange or a reviewer's note.
"""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from common.pagination import paginate
from common.public_cache import public_page
from common.uploads import private_file_response
from common.views import found_or_404
from cooperation import figures, selectors
from cooperation.filters import ProjectFilter
from cooperation.models import PartnerRole, TerritorySide

# The page number of the second list of /odd/<n>/ (the first one uses "page").
INDICATOR_PAGE_PARAMETER = "indicateurs"


@public_page(params=("page",), filterset=ProjectFilter)
def project_list(request: HttpRequest) -> HttpResponse:
    project_filter = ProjectFilter(request.GET, queryset=selectors.project_public_list())
    page = paginate(request, project_filter.qs)
    return render(
        request,
        "cooperation/public/project_list.html",
        {"filter": project_filter, "page": page},
    )


@public_page
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = found_or_404(selectors.project_public_get(slug=slug))
    # Lead partners first, then partners, co-funders, experts and operators.
    role_rank = {role: rank for rank, role in enumerate(PartnerRole.values)}
    partners = sorted(
        project.partners.all(),
        key=lambda partner: (role_rank.get(partner.role, 99), partner.organisation.name),
    )
    partner_sides = [
        (value, label, [partner for partner in partners if partner.side == value])
        for value, label in TerritorySide.choices
    ]
    return render(
        request,
        "cooperation/public/project_detail.html",
        {
            "project": project,
            "partner_sides": [side for side in partner_sides if side[2]],
            "objectives": selectors.project_objectives(project=project),
            "indicators": selectors.project_indicators(project=project, public=True),
            "links": selectors.project_public_links(project=project),
            "canonical_url": request.build_absolute_uri(project.get_absolute_url()),
        },
    )


def project_document(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    document = found_or_404(selectors.project_public_document_get(slug=slug, pk=pk))
    return private_file_response(document.file, request=None)  # public


@public_page
def sdg_list(request: HttpRequest) -> HttpResponse:
    return render(request, "cooperation/public/sdg_list.html", {"goals": selectors.sdg_list()})


def _page_of(request: HttpRequest, queryset: QuerySet, parameter: str) -> Page:
    """Like common.pagination.paginate, for a second list on the page."""
    paginator = Paginator(queryset, settings.PAGE_SIZE)
    try:
        number = int(request.GET.get(parameter, 1))
    except (TypeError, ValueError):
        number = 1
    return paginator.page(min(max(number, 1), paginator.num_pages))


@public_page(params=("page", INDICATOR_PAGE_PARAMETER))
def sdg_detail(request: HttpRequest, number: int) -> HttpResponse:
    goal = found_or_404(selectors.sdg_get(number=number) if 1 <= number <= 17 else None)
    return render(
        request,
        "cooperation/public/sdg_detail.html",
        {
            "goal": goal,
            "page": paginate(request, selectors.sdg_public_projects(goal=goal)),
            "indicator_page": _page_of(
                request, selectors.sdg_public_indicators(goal=goal), INDICATOR_PAGE_PARAMETER
            ),
            "progress": figures.sdg_indicator_progress(goal=goal),
        },
    )


@public_page(params=("page",))
def territory_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A partner territory and every public project with it, whichever department runs it."""
    territory = found_or_404(figures.territory_public_get(slug=slug))
    return render(
        request,
        "cooperation/public/territory_detail.html",
        {
            "territory": territory,
            "departments": figures.territory_departments(territory=territory),
            "page": paginate(request, figures.territory_public_projects(territory=territory)),
        },
    )
