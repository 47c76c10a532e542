"""Public pages of partners: the ESS directory (home, departments and legal pages: tests/portal).

Only ESS structures validated by their department are public; the query count of every
list stays the same whatever the number of rows (as in healthchecks' view tests, each
query the page may make is written down next to the bound).
"""

import pytest

from partners.models import LegalForm
from tests.factories import DepartmentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def listed_names(response) -> list[str]:
    return [structure.name for structure in response.context["page"].object_list]


# Search and filters of the directory


def test_directory_search_finds_a_structure_from_two_words_of_its_name(
    client, artisans_du_monde, coopératives
):
    response = client.get("/structures/", {"q": "artisans monde"})

    assert response.status_code == 200
    assert listed_names(response) == ["Artisans du Monde"]


def test_directory_search_ignores_accents_and_plurals(client, artisans_du_monde, coopératives):
    response = client.get("/structures/", {"q": "cooperative"})

    assert listed_names(response) == ["Coopératives du Grand Paris"]


def test_directory_search_without_match_says_so(client, artisans_du_monde):
    response = client.get("/structures/", {"q": "boulangerie"})

    assert response.status_code == 200
    assert listed_names(response) == []
    assert response.context["page"].paginator.count == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"theme": "fair-trade"}, ["Artisans du Monde"]),
        ({"theme": "insertion"}, ["Coopératives du Grand Paris"]),
        ({"department": "94"}, ["Artisans du Monde"]),
        ({"department": "92"}, ["Coopératives du Grand Paris"]),
        ({"esus": "true"}, ["Coopératives du Grand Paris"]),
        ({"esus": "false"}, ["Artisans du Monde"]),
        ({"legal_form": LegalForm.SCIC}, ["Coopératives du Grand Paris"]),
        ({"legal_form": LegalForm.ASSOCIATION}, ["Artisans du Monde"]),
        ({"legal_form": LegalForm.SCIC, "department": "94"}, []),
        ({}, ["Artisans du Monde", "Coopératives du Grand Paris"]),
    ],
    ids=lambda value: (
        "&".join(f"{k}={v}" for k, v in value.items()) or "none"
        if isinstance(value, dict)
        else None
    ),
)
def test_directory_filter_keeps_only_matching_structures(
    query, expected, client, artisans_du_monde, coopératives
):
    response = client.get("/structures/", query)

    assert response.status_code == 200
    assert listed_names(response) == expected


def test_directory_filter_and_search_combine(client, artisans_du_monde, coopératives, dept94):
    OrganisationFactory(name="Monde solidaire", slug="monde-solidaire", department=dept94)

    response = client.get("/structures/", {"q": "monde", "theme": "fair-trade"})

    assert listed_names(response) == ["Artisans du Monde"]


# Pagination


@pytest.fixture
def twenty_five_structures(dept94, settings):
    settings.PAGE_SIZE = 20
    return [
        OrganisationFactory(name=f"Structure {number:02d}", department=dept94)
        for number in range(1, 26)
    ]


def test_directory_of_25_structures_has_two_pages(client, twenty_five_structures):
    first = client.get("/structures/")
    second = client.get("/structures/", {"page": 2})

    assert first.context["page"].paginator.num_pages == 2
    assert len(listed_names(first)) == 20
    assert listed_names(second) == [f"Structure {number}" for number in range(21, 26)]
    assert 'href="?page=2"' in first.content.decode()


@pytest.mark.parametrize(
    ("page", "nearest"), [("99", 2), ("3", 2), ("0", 1), ("-1", 1), ("abc", 1), ("", 1)]
)
def test_directory_page_out_of_range_gives_the_nearest_page(
    page, nearest, client, twenty_five_structures
):
    """partners/pagination.py promises the nearest page, not an error (nor the last page)."""
    response = client.get("/structures/", {"page": page})

    assert response.status_code == 200
    assert response.context["page"].number == nearest


def test_directory_page_99_gives_the_last_page(client, twenty_five_structures):
    response = client.get("/structures/", {"page": "99"})

    assert response.context["page"].number == 2
    assert listed_names(response) == [f"Structure {number}" for number in range(21, 26)]


def test_directory_pagination_keeps_the_filters(client, twenty_five_structures):
    response = client.get("/structures/", {"department": "94"})

    assert 'href="?department=94&amp;page=2"' in response.content.decode()


# Only published ESS structures are public


def test_directory_lists_only_published_ess_structures(
    client, artisans_du_monde, hidden_organisations
):
    response = client.get("/structures/")

    assert listed_names(response) == ["Artisans du Monde"]
    for organisation in hidden_organisations.values():
        assert organisation.name not in response.content.decode()


def test_directory_search_does_not_reveal_hidden_structures(
    client, artisans_du_monde, hidden_organisations
):
    response = client.get("/structures/", {"q": "artisans"})

    assert listed_names(response) == ["Artisans du Monde"]


@pytest.mark.parametrize("which", ["pending", "archived", "not_ess"])
def test_detail_of_a_structure_that_is_not_public_is_not_found(which, client, hidden_organisations):
    slug = hidden_organisations[which].slug

    assert client.get(f"/structures/{slug}/").status_code == 404


def test_detail_of_a_published_structure_shows_it(client, artisans_du_monde):
    response = client.get("/structures/artisans-du-monde/")

    assert response.status_code == 200
    assert response.context["structure"] == artisans_du_monde
    assert "Chevilly-Larue" in response.content.decode()


def test_detail_of_an_unknown_structure_is_not_found(client, db):
    assert client.get("/structures/inconnue/").status_code == 404


# Departments


# Home and legal pages


# Query counts: the same bound with 5 and with 30 structures


def _publish_structures(count: int, department, themes) -> None:
    for number in range(count):
        OrganisationFactory(
            name=f"Structure {number:02d}",
            department=department,
            themes=[themes["fair-trade"], themes["health"]],
        )


@pytest.mark.parametrize("count", [5, 30])
def test_directory_query_count_does_not_grow_with_structures(
    count, client, dept94, themes, django_assert_max_num_queries
):
    _publish_structures(count, dept94, themes)
    other = DepartmentFactory()
    _publish_structures(count, other, themes)

    # 1: the theme of the query string (filter validation)
    # 2: count of the structures (paginator)
    # 3: departments of the filter form
    # 4: themes of the filter form
    # 5: one page of structures, with their department (select_related)
    # 6: themes of the structures of the page (prefetch)
    # and 1: the version of the public data (common.public_cache)
    with django_assert_max_num_queries(7):
        response = client.get("/structures/", {"theme": "fair-trade"})

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2 * count


def test_pages_speak_french_to_an_english_browser_until_english_is_chosen(client, db):
    response = client.get("/structures/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="fr">' in response.content.decode()

    client.post("/langue/setlang/", {"language": "en", "next": "/structures/"})
    response = client.get("/structures/", HTTP_ACCEPT_LANGUAGE="fr-FR")
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/departements/%00/", "/departements/999/", "/espace/zz/", "/compte/invitations/%00/"]
)
def test_impossible_codes_and_tokens_are_not_found(client, db, path):
    assert client.get(path).status_code == 404
