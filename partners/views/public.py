"""Public pages of the partners app: the ESS directory."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from common.pagination import paginate
from common.public_cache import public_page
from common.views import found_or_404
from partners import selectors
from partners.filters import StructureDirectoryFilter


@public_page(params=("page",), filterset=StructureDirectoryFilter)
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
    structure = found_or_404(selectors.structure_public_get(slug=slug))
    return render(request, "partners/public/structure_detail.html", {"structure": structure})
