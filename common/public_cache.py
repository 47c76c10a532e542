"""What anonymous visitors see is computed once per version of the public data.

The public pages are the same for every anonymous visitor, and at national scale their
figures and filtered lists cost far more than serving a stored copy. Instead of
remembering, in every service, which cached page a write makes stale, PostgreSQL keeps a
counter: the sequence ``public_data_version``, advanced by a statement trigger on every
table the public pages read (installed after each ``migrate``, see
``install_public_data_triggers``). Cache keys carry that counter, so any write, through a
service, the admin or a shell, gives new keys; stale entries are never read again and
age out.

A writer advances the sequence before its transaction commits: a page computed in that
instant by another request would hold the old data under the new key. The entries
therefore also expire after ``PUBLIC_CACHE_SECONDS``, which bounds that rare staleness.

The key of a page
-----------------
A page is keyed by its address as the page reads it, not as typed. Each public page
declares the query parameters it reads (``@public_page(params=("page",),
filterset=ProjectFilter)``: the names, plus every parameter the FilterSet's form binds,
suffixed ones of range widgets included); a bare ``@public_page`` reads none. The view
is then called with a request whose query holds only those parameters, names sorted,
the values of each in the order given (``?sdg=3&sdg=5`` is kept as typed), re-encoded
(``%56N`` and ``VN`` are one value): its ``GET``, ``get_full_path()`` and
``build_absolute_uri()`` all give that canonical address. The key is the hash of
scheme, host, path and canonical query, so it has a fixed length whatever the values,
with the language and the data version beside it.

Two consequences. Random parameters (cache busters, ``utm_*`` tags of a newsletter,
``fbclid``) reach the stored copy: they cannot turn every anonymous request into a
computed page, nor fill the cache with copies of one page. And two different pages can
never share an entry: what a view is not given it cannot read, so the page is a function
of the key (besides data, language and host). A parameter read but forgotten in the
declaration does not collide, it simply does not work, for everybody, and
``tests/common/test_public_page_parameters.py`` walks every public page with a query
that notes each parameter asked for and fails on an undeclared one.

Unknown parameters are ignored, not redirected. A redirect costs every visitor of a
tracking link a round trip; a permanent one (301/308) is kept by browsers, so a
parameter that a later version starts to read would stay redirected away for them; a
302 is not cached and saves nothing over serving the stored copy at once. The page
served names its canonical address anyway (``<link rel="canonical">``, language form,
pagination links), so the tags are not copied along.

Values of declared parameters are kept as given, invalid ones included
(``?country=ZZZZ``): the page shows the form's error with that value, so mapping it to
the unfiltered page's entry would serve another page. Random values of a declared
parameter (a search text) are computed pages like any search: keeping them cheap is the
job of the front proxy's limits, not of a cache.
"""

import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, TypeVar, overload
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import get_language

SEQUENCE = "public_data_version"
TRIGGER = "public_data_version_bump"

# The apps whose tables feed public pages, and the tables of theirs that do not (settings
# PUBLIC_DATA_APPS and PUBLIC_DATA_PRIVATE_MODELS: the toolkit knows no domain).


def _public_data_apps() -> tuple[str, ...]:
    return tuple(settings.PUBLIC_DATA_APPS)


def _private_models() -> set[str]:
    return set(settings.PUBLIC_DATA_PRIVATE_MODELS)


T = TypeVar("T")

# The pages and figures live in a cache of their own (settings CACHES["public"]): the
# traffic that fills it cannot push out the rate-limit counters of the default cache.
CACHE_ALIAS = "public"


def public_cache() -> Any:
    return caches[CACHE_ALIAS]


def public_data_tables() -> list[str]:
    tables = []
    private = _private_models()
    for label in _public_data_apps():
        if not apps.is_installed(label):
            continue
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            name = model._meta.label_lower
            if name in private or (model._meta.model_name or "").startswith("historical"):
                continue
            if not model._meta.managed or model._meta.proxy:
                continue
            tables.append(model._meta.db_table)
    return sorted(set(tables))


def install_public_data_triggers(*, using: str = "default", **kwargs: object) -> None:
    """Creates the sequence, its trigger function and one trigger per public table.

    Idempotent; connected to ``post_migrate`` so that a table added by a later migration
    gets its trigger too (a test checks every public table has one)."""
    from django.db import connections

    with connections[using].cursor() as cursor:
        cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")
        cursor.execute(
            f"""
            CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM nextval('{SEQUENCE}');
                RETURN NULL;
            END
            $$
            """
        )
        existing = set(connections[using].introspection.table_names(cursor))
        for table in public_data_tables():
            if table not in existing:
                continue
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE "
                f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()'
            )


# The version read once at the start of a public page's request (see ``public_page``):
# what the page and its figures compute then belongs to that version.
_request_version: ContextVar[int | None] = ContextVar("public_data_version", default=None)


def _read_version() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value FROM public_data_version")
        return cursor.fetchone()[0]


def public_data_version() -> int:
    """The current value of the counter: one query reading one row, once per request of
    a public page."""
    known = _request_version.get()
    return _read_version() if known is None else known


def cached_for_version(name: str, compute: Callable[[], T], *, version: int | None = None) -> T:
    """``compute()``, kept until the public data changes (or the entry expires)."""
    if version is None:
        version = public_data_version()
    key = f"public:{version}:{get_language()}:{name}"
    value = public_cache().get(key)
    if value is None:
        value = compute()
        public_cache().set(key, value, settings.PUBLIC_CACHE_SECONDS)
    return value


def _anonymous_without_state(request: HttpRequest) -> bool:
    """Only visitors without a session or pending messages share pages: anybody else may
    see something of their own (their name in the menu, a confirmation message)."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


View = Callable[..., HttpResponse]


def filterset_parameters(filterset: type) -> tuple[str, ...]:
    """The query parameters a django-filter FilterSet's form binds: one per filter, or one
    per part of a multi-part widget (``year_min``/``year_max``, ``date_after``…)."""
    names: list[str] = []
    for name, declared in filterset.base_filters.items():  # type: ignore[attr-defined]
        widget = declared.field.widget
        if hasattr(widget, "suffixes") and hasattr(widget, "suffixed"):
            names.extend(widget.suffixed(name, suffix) for suffix in widget.suffixes)
        elif hasattr(widget, "widgets_names"):
            names.extend(name + suffix for suffix in widget.widgets_names)
        else:
            names.append(name)
    return tuple(names)


def canonical_query(query: QueryDict, parameters: Iterable[str]) -> str:
    """The declared parameters of ``query``, names sorted, each one's values in order."""
    return urlencode(
        [(name, value) for name in sorted(parameters) for value in query.getlist(name)]
    )


@contextmanager
def _declared_query_only(request: HttpRequest, parameters: frozenset[str]) -> Iterator[None]:
    """The request as the page may read it: its canonical address, for the time of the
    view (the middleware around it sees the address as typed)."""
    query_string = canonical_query(request.GET, parameters)
    original_get, original_query_string = request.GET, request.META.get("QUERY_STRING")
    request.META["QUERY_STRING"] = query_string
    request.GET = QueryDict(query_string)
    try:
        yield
    finally:
        request.GET = original_get
        if original_query_string is None:
            request.META.pop("QUERY_STRING", None)
        else:
            request.META["QUERY_STRING"] = original_query_string


@overload
def public_page(view: View, /) -> View: ...


@overload
def public_page(
    *, params: Iterable[str] = (), filterset: type | None = None
) -> Callable[[View], View]: ...


def public_page(
    view: View | None = None,
    /,
    *,
    params: Iterable[str] = (),
    filterset: type | None = None,
) -> View | Callable[[View], View]:
    """Serves anonymous visitors a stored copy of the page for the current data version.

    ``params`` are the query parameters the page reads, ``filterset`` the FilterSet whose
    parameters it reads too; the page is given only those (see the module's docstring).
    Only complete 200 responses that set no cookie are stored: a page asking for a CSRF
    token or writing the session is never shared."""
    parameters = frozenset(params) | frozenset(
        filterset_parameters(filterset) if filterset is not None else ()
    )

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            version = _request_version.set(_read_version())
            try:
                with _declared_query_only(request, parameters):
                    if settings.PUBLIC_CACHE_SECONDS and _anonymous_without_state(request):
                        return _cached_response(request, view, *args, **kwargs)
                    return _rendered(view(request, *args, **kwargs))
            finally:
                _request_version.reset(version)

        wrapper.public_query_parameters = parameters  # type: ignore[attr-defined]
        return wrapper

    return decorate(view) if view is not None else decorate


def _rendered(response: HttpResponse) -> HttpResponse:
    """A template response rendered now, while the request holds its canonical query."""
    render = getattr(response, "render", None)
    if render is not None and not getattr(response, "is_rendered", True):
        render()
    return response


def _cached_response(request: HttpRequest, view: View, *args: Any, **kwargs: Any) -> HttpResponse:
    # The canonical address (declared parameters only), hashed: a key of fixed length.
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:32]
    key = f"public-page:{public_data_version()}:{get_language()}:{address}"
    response = public_cache().get(key)
    if response is not None:
        return response
    response = _rendered(view(request, *args, **kwargs))
    if (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        # A token or a session asked for by the page: its cookie comes later.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(getattr(request, "session", None), "modified", False)
    ):
        public_cache().set(key, response, settings.PUBLIC_CACHE_SECONDS)
    return response
