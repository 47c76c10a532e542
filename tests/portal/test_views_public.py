"""Public pages of the top floor: home, departments, legal pages, health.

The query count of every page stays the same whatever the number of rows (as in
healthchecks' view tests, each query the page may make is written down next to the
bound).
"""

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def listed_names(response) -> list[str]:
    return [structure.name for structure in response.context["page"].object_list]


def _publish_structures(count: int, department, themes) -> None:
    for number in range(count):
        OrganisationFactory(
            name=f"Structure {number:02d}",
            department=department,
            themes=[themes["fair-trade"], themes["health"]],
        )


def test_department_list_shows_departments_with_their_public_structure_count(
    client, artisans_du_monde, hidden_organisations, dept92
):
    response = client.get("/departements/")

    assert response.status_code == 200
    counts = {d.code: d.structure_count for d in response.context["departments"]}
    assert counts == {"92": 0, "94": 1}
    assert 'href="/departements/94/"' in response.content.decode()


def test_department_detail_lists_its_public_structures_only(
    client, artisans_du_monde, hidden_organisations, coopératives
):
    response = client.get("/departements/94/")

    assert response.status_code == 200
    assert response.context["department"].code == "94"
    assert listed_names(response) == ["Artisans du Monde"]


def test_department_detail_of_unknown_code_is_not_found(client, dept94):
    assert client.get("/departements/99/").status_code == 404


def test_home_shows_figures_and_latest_structures(client, artisans_du_monde, hidden_organisations):
    response = client.get("/")

    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures.structures, figures.departments_with_structures, figures.themes_served) == (
        1,
        1,
        1,
    )
    assert list(response.context["latest_structures"]) == [artisans_du_monde]


def test_home_without_any_structure_still_answers(client, db):
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/accessibilite/", "portal:accessibility"),
        ("/mentions-legales/", "portal:legal_notice"),
        ("/donnees-personnelles/", "portal:personal_data"),
    ],
)
def test_legal_page_answers(path, name, client, db):
    assert reverse(name) == path
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("count", [5, 30])
def test_department_detail_query_count_does_not_grow_with_structures(
    count, client, dept94, themes, django_assert_max_num_queries
):
    _publish_structures(count, dept94, themes)

    # 1: the department
    # 1b: the totals of its public projects (scalar subqueries)
    # 2: count of its structures (paginator)
    # 3: one page of structures, with their department (select_related)
    # 4: themes of the structures of the page (prefetch)
    # and 2: its published calls (counted; no call, no figures) and its open calls
    # and 1: the version of the public data (common.public_cache)
    with django_assert_max_num_queries(8):
        response = client.get("/departements/94/")

    assert response.status_code == 200
    assert response.context["page"].paginator.count == count


@pytest.mark.parametrize("count", [5, 30])
def test_department_list_query_count_does_not_grow_with_structures(
    count, client, dept94, dept92, themes, django_assert_max_num_queries
):
    _publish_structures(count, dept94, themes)

    # 1: the departments, each with its count of public structures
    # and 1: the version of the public data (common.public_cache)
    with django_assert_max_num_queries(2):
        response = client.get("/departements/")

    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 30])
def test_home_query_count_does_not_grow_with_structures(
    count, client, dept94, themes, django_assert_max_num_queries
):
    _publish_structures(count, dept94, themes)

    # 1: the key figures (one aggregate)
    # 2: the latest validated structures, with their department
    # 3: their themes (prefetch)
    # and 1: the open calls for projects (calls.selectors)
    # and 1: the version of the public data (common.public_cache)
    with django_assert_max_num_queries(5):
        response = client.get("/")

    assert response.status_code == 200


def test_health_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/sante/")
    assert response.status_code == 200
    assert response.content == b"ok"
