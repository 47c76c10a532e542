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
"""

import hashlib
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
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


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serves anonymous visitors a stored copy of the page for the current data version.

    Only complete 200 responses that set no cookie are stored: a page asking for a CSRF
    token or writing the session is never shared."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        version = _request_version.set(_read_version())
        try:
            if settings.PUBLIC_CACHE_SECONDS and _anonymous_without_state(request):
                return _cached_response(request, view, *args, **kwargs)
            return view(request, *args, **kwargs)
        finally:
            _request_version.reset(version)

    return wrapper


def _cached_response(
    request: HttpRequest, view: Callable[..., HttpResponse], *args: Any, **kwargs: Any
) -> HttpResponse:
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:32]
    key = f"public-page:{public_data_version()}:{get_language()}:{address}"
    response = public_cache().get(key)
    if response is not None:
        return response
    response = view(request, *args, **kwargs)
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
