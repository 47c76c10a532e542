"""The permission-matrix harness: every staff URL, walked by every person of the cast.

Built on pretix's ``src/tests/control/test_permissions.py``. Each app's
``tests/<app>/test_permissions.py`` keeps only its table of URLs (``MatrixUrl`` lines, one
per URL and method, with the capability the view requires), the world of objects that
fills them, and what an action needs before it can run; this module holds what the three
share:

- the cast of the matrix (``PEOPLE``) and who holds each capability in department 94
  (``HOLDERS_IN_94``, written out from DESIGN.md "People and access");
- ``send`` (one request of a line of the table) and ``assert_answer`` (the answer a person
  gets: the login page for an anonymous visitor, a 404 for whoever lacks the capability,
  never a 403 nor the object; a 200 for a page read by a holder, an accepted action that
  changed something);
- the URLconf's staff URLs by their namespaced names (``partners:…``, ``portal:…``), so
  that a URL without its line in a matrix fails a test.

The ``people`` fixture (the cast of tests/conftest.py plus ``reviewer94``) is in
tests/conftest.py.
"""

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import parse_qs, urlparse

from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from partners.models import DepartmentRole
from partners.permissions import (
    MANAGE_CALLS,
    MANAGE_MEMBERS,
    MANAGE_PROJECTS,
    MANAGE_SETTINGS,
    MANAGE_STRUCTURES,
    REVIEW_APPLICATIONS,
    ROLE_CAPABILITIES,
    VIEW_CALLS,
    VIEW_DASHBOARD,
    VIEW_PROJECTS,
    VIEW_STRUCTURES,
)

GET, POST = "GET", "POST"

# Where a department's workspace starts (config/urls.py and each app's urls.py).
WORKSPACE_ROUTE = "espace/<department:code>/"
ACCOUNT_ROUTE = "compte/"

# The modules whose STAFF_URLS make up the matrix, by the namespaces they cover.
MATRIX_MODULES = {
    "tests.partners.test_permissions": ("partners", "portal"),
    "tests.cooperation.test_permissions": ("cooperation",),
    "tests.calls.test_permissions": ("calls",),
}

# The cast of tests/conftest.py, plus a reviewer of 94 so that all four roles are walked.
PEOPLE = [
    "anonymous",
    "young_applicant",
    "structure_manager",
    "superuser",
    "officer92",
    "reviewer92",
    "reviewer94",
    "viewer94",
    "officer94",
    "admin94",
]
ROLE_IN_94 = {
    "admin94": DepartmentRole.ADMIN,
    "officer94": DepartmentRole.OFFICER,
    "viewer94": DepartmentRole.VIEWER,
    "reviewer94": DepartmentRole.REVIEWER,
}
# Who holds each capability in 94, written out from DESIGN.md "People and access".
HOLDERS_IN_94 = {
    VIEW_DASHBOARD: {"admin94", "officer94", "viewer94", "reviewer94"},
    VIEW_STRUCTURES: {"admin94", "officer94", "viewer94"},
    MANAGE_STRUCTURES: {"admin94", "officer94"},
    MANAGE_MEMBERS: {"admin94"},
    MANAGE_SETTINGS: {"admin94"},
    VIEW_PROJECTS: {"admin94", "officer94", "viewer94"},
    MANAGE_PROJECTS: {"admin94", "officer94"},
    VIEW_CALLS: {"admin94", "officer94", "viewer94"},
    MANAGE_CALLS: {"admin94", "officer94"},
    REVIEW_APPLICATIONS: {"reviewer94"},
}


class World(Protocol):
    """The objects of one department that fill the URLs of a matrix."""

    def state(self) -> tuple:
        """Everything a staff action can change, to prove a refused request changed nothing."""
        ...


@dataclass(frozen=True)
class MatrixUrl:
    """One line of a matrix: a URL name, how it is called, the capability it requires.

    ``obj`` names the attribute of the world whose pk fills ``pk``; ``extra`` maps other
    URL kwargs to attributes of the world; ``data`` is the POST body (or a function of the
    world); ``prepare`` is what the world must be made into first (each app reads it).
    An app's table subclasses it to add what its URLs carry (a slug, a structure).
    """

    name: str
    method: str
    capability: str
    obj: str | None = None
    data: dict | Callable[[Any], dict] = field(default_factory=dict)
    prepare: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.name}-{self.method}"

    def url_kwargs(self, world: Any) -> dict[str, Any]:
        """The URL kwargs besides the department's code."""
        kwargs: dict[str, Any] = {}
        if self.obj:
            kwargs["pk"] = getattr(world, self.obj).pk
        for name, attribute in self.extra.items():
            kwargs[name] = getattr(world, attribute).pk
        return kwargs

    def path(self, code: str, world: Any) -> str:
        return reverse(self.name, kwargs={"code": code, **self.url_kwargs(world)})

    def post_data(self, world: Any) -> dict:
        return self.data(world) if callable(self.data) else self.data


def post_only(urls: Iterable[MatrixUrl]) -> list[MatrixUrl]:
    """The lines of actions (POST) whose URL has no page (no GET line)."""
    urls = list(urls)
    pages = {url.name for url in urls if url.method == GET}
    return [url for url in urls if url.method == POST and url.name not in pages]


def send(
    client: Client, url: MatrixUrl, path: str, world: Any = None, *, method: str | None = None
) -> HttpResponse:
    """The request of a line of the matrix (``method`` overrides the line's)."""
    if (method or url.method) == POST:
        return client.post(path, url.post_data(world))
    return client.get(path)


def assert_sent_to_login(response: HttpResponse, path: str) -> None:
    """A redirect to the login page, which comes back to ``path``."""
    assert response.status_code == 302
    location = urlparse(response.url)
    assert location.path == reverse("account_login")
    assert parse_qs(location.query)["next"] == [path]


def assert_answer(
    response: HttpResponse,
    *,
    url: MatrixUrl,
    person: str,
    path: str,
    world: World,
    before: tuple,
    accepted: tuple[int, ...] = (302,),
) -> None:
    """What ``person`` must get from a line of the matrix in department 94.

    ``before`` is the world's state before the request; ``accepted`` the statuses an
    accepted action may answer (a redirect, or a page for the forms that answer with it).
    """
    if person == "anonymous":
        assert_sent_to_login(response, path)
        assert world.state() == before
    elif person not in HOLDERS_IN_94[url.capability]:
        assert response.status_code == 404, response.status_code
        assert world.state() == before
    elif url.method == GET:
        assert response.status_code == 200
        assert world.state() == before
    else:
        assert response.status_code in accepted, response.content.decode()[:2000]
        if response.status_code == 302:
            assert urlparse(response.url).path != reverse("account_login")
        assert world.state() != before, "the action was accepted but changed nothing"


def holders_by_role(capability: str) -> set[str]:
    """The people of 94 whose role grants ``capability`` (ROLE_CAPABILITIES, the code)."""
    return {person for person, role in ROLE_IN_94.items() if capability in ROLE_CAPABILITIES[role]}


# The URLconf: which URLs a matrix must list.


def _patterns(
    patterns: Iterable[URLPattern | URLResolver], namespace: str | None, route: str
) -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        full_route = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from _patterns(pattern.url_patterns, inner, full_route)
        elif pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), full_route


def url_names(route: str, namespaces: Iterable[str] | None = None) -> set[str]:
    """The namespaced names of the URLconf's URLs under ``route`` (``espace/<code>/…``),
    of the given namespaces only (all of them when ``None``)."""
    wanted = set(namespaces) if namespaces is not None else None
    names = set()
    for name, full_route in _patterns(get_resolver().url_patterns, None, ""):
        if not full_route.startswith(route):
            continue
        namespace = name.rpartition(":")[0]
        if wanted is None or namespace in wanted:
            names.add(name)
    return names


def staff_url_names(namespaces: Iterable[str] | None = None) -> set[str]:
    """The namespaced names of the URLs of a department's workspace (/espace/<code>/…)."""
    return url_names(WORKSPACE_ROUTE, namespaces)


def assert_lists_exactly(declared: set[str], in_matrix: set[str]) -> None:
    assert declared - in_matrix == set(), "URLs missing from the matrix"
    assert in_matrix - declared == set(), "the matrix names URLs that no longer exist"


def assert_matrix_lists_every_staff_url(
    urls: Iterable[MatrixUrl], namespaces: Iterable[str]
) -> None:
    """The lines of ``urls`` name exactly the staff URLs of ``namespaces``."""
    assert_lists_exactly(staff_url_names(namespaces), {url.name for url in urls})


def assert_every_staff_url_is_in_a_matrix() -> None:
    """Every URL of the workspace, whatever its namespace, is in one of the matrices."""
    in_matrices: set[str] = set()
    for module_name in MATRIX_MODULES:
        module = importlib.import_module(module_name)
        in_matrices |= {url.name for url in module.STAFF_URLS}
    assert_lists_exactly(staff_url_names(), in_matrices)
