"""Anonymous visitors get stored copies of the public pages, never stale, never shared
with someone who may see something of their own (common/public_cache.py)."""

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from django.utils.text import slugify

from common.public_cache import public_data_tables, public_data_version
from cooperation.models import CooperationProject, ProjectKind

pytestmark = pytest.mark.django_db


def _public_project(department, title: str) -> CooperationProject:
    return CooperationProject.objects.create(
        department=department,
        title=title,
        slug=slugify(title),
        kind=ProjectKind.DECENTRALISED,
        summary="Résumé.",
        is_public=True,
        published_at=timezone.now(),
    )


def test_a_second_anonymous_visit_is_served_from_the_cache(
    client, dept94, django_assert_num_queries
):
    _public_project(dept94, "Coopération avec Yên Bái")
    first = client.get("/projets/")

    with django_assert_num_queries(1):  # the version of the public data, nothing else
        second = client.get("/projets/")

    assert second.status_code == 200
    assert second.content == first.content
    assert first.context is not None and second.context is None  # no template rendered


def test_any_write_to_a_public_table_shows_at_once(client, dept94):
    assert "Coopération avec Yên Bái" not in client.get("/projets/").content.decode()

    # Not through a service: the trigger sees writes from anywhere (admin, shell).
    project = _public_project(dept94, "Coopération avec Yên Bái")
    assert "Coopération avec Yên Bái" in client.get("/projets/").content.decode()

    CooperationProject.objects.filter(pk=project.pk).update(title="Coopération renommée")
    page = client.get("/projets/").content.decode()
    assert "Coopération renommée" in page
    assert "Coopération avec Yên Bái" not in page


def test_writes_to_private_tables_keep_the_cached_pages(officer94):
    before = public_data_version()
    officer94.full_name = "Agent renommé"
    officer94.save()
    assert public_data_version() == before


def test_every_public_table_has_the_trigger_and_private_ones_do_not():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT event_object_table FROM information_schema.triggers "
            "WHERE trigger_name = 'public_data_version_bump'"
        )
        with_trigger = {row[0] for row in cursor.fetchall()}
    tables = set(public_data_tables())
    assert {"cooperation_cooperationproject", "partners_organisation"} <= tables
    assert "cooperation_cooperationproject_sdg_goals" in tables
    assert tables <= with_trigger
    assert "partners_user" not in with_trigger
    assert "calls_call" in with_trigger and "calls_application" not in with_trigger
    assert not any("historical" in table for table in with_trigger)


def test_signed_in_people_never_get_the_anonymous_copy(client, client_for, officer94, dept94):
    _public_project(dept94, "Coopération avec Yên Bái")
    anonymous = client.get("/").content.decode()
    signed_in = client_for(officer94).get("/").content.decode()

    assert "Espace agents" not in anonymous and "Se connecter" in anonymous
    assert "Espace agents" in signed_in and "Se connecter" not in signed_in
    # And the anonymous copy did not pick up the signed-in page either.
    assert client.get("/").content.decode() == anonymous


def test_a_visitor_with_a_pending_message_gets_a_computed_page(client, dept94):
    client.get("/projets/")
    client.cookies["messages"] = "anything"
    response = client.get("/projets/")
    assert response.status_code == 200
    assert response.context is not None  # rendered now, not read from the cache


def test_each_language_has_its_own_copy(client):
    french = client.get("/odd/").content.decode()
    client.post("/langue/setlang/", {"language": "en", "next": "/odd/"})
    english = client.get("/odd/").content.decode()

    assert 'lang="fr"' in french
    assert 'lang="en"' in english


@pytest.mark.parametrize("path", ["/", "/projets/", "/carte/", "/departements/", "/odd/"])
def test_public_pages_carry_no_csrf_token(client, path):
    """A token in the page would be another visitor's: the language form does without."""
    response = client.get(path)
    assert b"csrfmiddlewaretoken" not in response.content
    assert "csrftoken" not in response.cookies


def test_the_language_can_be_changed_without_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/langue/setlang/", {"language": "en", "next": "/odd/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_pages_of_signed_in_people_are_never_stored_by_shared_caches(client, client_for, officer94):
    staff_page = client_for(officer94).get("/espace/94/")
    public_page_signed_in = client_for(officer94).get("/projets/")
    anonymous = client.get("/projets/")

    for response in (staff_page, public_page_signed_in):
        assert response.status_code == 200
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "private" not in anonymous.get("Cache-Control", "")
