"""French full-text search: the ``french_unaccent`` configuration (created by the first
migration of ``partners``) ignores accents and plurals."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, QuerySet

SEARCH_CONFIG = "french_unaccent"


def full_text_search(*, queryset: QuerySet, text: str, then_by: str) -> QuerySet:
    """French full-text search on a model's `search_vector`, accents and plurals ignored,
    best matches first (then by `then_by`)."""
    text = (text or "").strip()
    if not text:
        return queryset
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    return (
        queryset.filter(search_vector=query)
        .annotate(search_rank=SearchRank(F("search_vector"), query))
        .order_by("-search_rank", then_by)
    )
