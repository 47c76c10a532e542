"""The public page cache is keyed by the query parameters each page reads: random
parameters (cache busters, tracking tags) are served the stored copy, never a computed
page, and two pages that differ always have two entries (common/public_cache.py)."""

import uuid
from typing import ClassVar

import pytest
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from django.utils.text import slugify

from common import public_cache
from cooperation.models import CooperationProject, ProjectKind, SustainableDevelopmentGoal
from tests.factories import PartnerTerritoryFactory

pytestmark = pytest.mark.django_db


def _public_project(department, title: str, country: str) -> CooperationProject:
    project = CooperationProject.objects.create(
        department=department,
        title=title,
        slug=slugify(title),
        kind=ProjectKind.DECENTRALISED,
        summary="Résumé.",
        is_public=True,
        published_at=timezone.now(),
    )
    territory = PartnerTerritoryFactory(name=f"Territoire {title}", country=country)
    project.territories.add(territory)
    return project


@pytest.fixture
def two_projects(dept94):
    return (
        _public_project(dept94, "Thé de Yên Bái", "VN"),
        _public_project(dept94, "Maraîchage à Thiès", "SN"),
    )


def test_unknown_parameters_are_served_the_stored_copy(
    client, two_projects, django_assert_num_queries
):
    first = client.get("/projets/")

    with django_assert_num_queries(1):  # the version of the public data, nothing else
        busted = client.get(f"/projets/?r={uuid.uuid4().hex}&utm_source=newsletter")

    assert busted.status_code == 200
    assert busted.content == first.content
    assert busted.context is None  # no template rendered


def test_each_value_of_a_read_parameter_has_its_own_copy(
    client, two_projects, django_assert_num_queries
):
    vietnam = client.get("/projets/?country=VN").content.decode()
    senegal = client.get("/projets/?country=SN").content.decode()

    assert "Thé de Yên Bái" in vietnam and "Maraîchage à Thiès" not in vietnam
    assert "Maraîchage à Thiès" in senegal and "Thé de Yên Bái" not in senegal
    with django_assert_num_queries(1):
        again = client.get("/projets/?country=VN&utm_medium=email")
    assert again.content.decode() == vietnam


def test_the_order_of_the_parameters_does_not_matter(
    client, two_projects, django_assert_num_queries
):
    first = client.get("/projets/?country=VN&kind=decentralised&page=1")

    with django_assert_num_queries(1):
        reordered = client.get("/projets/?page=1&kind=decentralised&country=VN")

    assert reordered.content == first.content


def test_a_page_reached_with_unknown_parameters_never_repeats_them(client, two_projects):
    """The page is computed for its canonical address: the language form and the
    pagination links of the stored copy carry no other visitor's tracking tag."""
    page = client.get("/projets/?country=VN&utm_source=newsletter-secret").content.decode()

    assert "newsletter-secret" not in page and "utm_source" not in page
    assert "country=VN" in page  # the language form comes back to the same list


def test_signed_in_people_get_a_computed_page_whatever_the_query(
    client, client_for, officer94, two_projects
):
    client.get("/projets/?country=VN")
    assert client.get("/projets/?country=VN").context is None  # stored for the anonymous

    signed_in = client_for(officer94).get("/projets/?country=VN&r=1")

    assert signed_in.status_code == 200
    assert signed_in.context is not None  # computed for them, never the anonymous copy


def test_a_very_long_value_gives_a_key_of_bounded_length(client, two_projects):
    client.get("/projets/", {"q": "thé " * 2000})

    keys = [key for key in public_cache.public_cache()._cache if "public-page" in key]
    assert keys and all(len(key) < 200 for key in keys)


def test_the_map_data_ignores_unknown_parameters(client, two_projects):
    plain = client.get("/carte/donnees/", {"z": 2})
    busted = client.get("/carte/donnees/", {"z": 2, "r": uuid.uuid4().hex})

    assert busted.status_code == 200
    assert busted["ETag"] == plain["ETag"]


# Every parameter each public page reads is declared ----------------------------------


class _RecordingQueryDict(QueryDict):
    """The query a public page is given, noting every parameter it asks for."""

    read: ClassVar[set[str]] = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def getlist(self, key, default=None):
        self.read.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)


def _public_page_views() -> set:
    found = set()

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and hasattr(
                pattern.callback, "public_query_parameters"
            ):
                found.add(pattern.callback)

    walk(get_resolver().url_patterns)
    return found


@pytest.fixture
def every_public_page(dept94, artisans_du_monde, two_projects) -> list[str]:
    SustainableDevelopmentGoal.objects.create(
        number=2,
        color="#DDA63A",
        short_title_fr="Faim « zéro »",
        short_title_en="Zero hunger",
        title_fr="Éliminer la faim",
        title_en="End hunger",
    )
    project = two_projects[0]
    territory = project.territories.get()
    return [
        "/",
        "/projets/",
        f"/projets/{project.slug}/",
        f"/territoires/{territory.slug}/",
        "/carte/",
        f"/carte/projets/{project.slug}/",
        "/odd/",
        "/odd/2/",
        "/structures/",
        f"/structures/{artisans_du_monde.slug}/",
        "/departements/",
        "/departements/94/",
        "/donnees/",
    ]


def test_every_parameter_a_public_page_reads_is_declared(client, monkeypatch, every_public_page):
    """A parameter read but not declared would let two different pages share one entry
    (and, as the page is given only its declared parameters, would not work at all)."""
    monkeypatch.setattr(public_cache, "QueryDict", _RecordingQueryDict)
    covered = set()
    for path in every_public_page:
        view = resolve(path).func
        covered.add(view)
        declared = view.public_query_parameters
        # Bare, then with every declared parameter set: the branches that read more.
        for query in ("", "&".join(f"{name}=2" for name in sorted(declared))):
            _RecordingQueryDict.read = set()
            response = client.get(f"{path}?{query}&undeclared=1")
            assert response.status_code == 200, path
            assert _RecordingQueryDict.read <= declared, (path, _RecordingQueryDict.read)

    assert covered == _public_page_views(), "a public page without a sample address here"


def test_the_filter_parameters_are_declared_with_their_pages():
    declared = resolve("/projets/").func.public_query_parameters
    assert {"q", "kind", "sdg", "theme", "department", "country", "status", "year"} <= declared
    assert "page" in declared
    assert {"q", "department", "esus"} <= resolve("/structures/").func.public_query_parameters
    assert {"z", "lat", "lng", "country"} <= resolve("/carte/").func.public_query_parameters
