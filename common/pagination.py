from collections.abc import Sequence

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(
    request: HttpRequest, queryset: Sequence | QuerySet, per_page: int | None = None
) -> Page:
    """One page of a list; a missing, invalid or out-of-range number gives the nearest page."""
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    try:
        number = int(request.GET.get("page", 1))
    except (TypeError, ValueError):
        number = 1
    return paginator.page(min(max(number, 1), paginator.num_pages))
