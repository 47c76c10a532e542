"""The public pages of the calls: /appels/ and /appels/<slug>/."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from calls.models import Call
from tests.calls.conftest import make_complete_application, pdf, put_in_state
from tests.factories import CallFactory, RequiredDocumentFactory, UserFactory

LIST_URL = "/appels/"


def _past_call(department, **fields) -> Call:
    return CallFactory(
        department=department,
        opens_at=timezone.now() - timedelta(days=400),
        closes_at=timezone.now() - timedelta(days=300),
        state="closed",
        published_at=timezone.now() - timedelta(days=400),
        **fields,
    )


def test_the_urls_are_the_french_ones():
    assert reverse("calls:call_list") == "/appels/"
    assert reverse("calls:call_detail", kwargs={"slug": "ajs"}) == "/appels/ajs/"
    assert reverse("calls:call_apply", kwargs={"slug": "ajs"}) == "/appels/ajs/candidater/"
    assert reverse("calls:applicant_application_list") == "/compte/candidatures/"
    assert reverse("calls:staff_call_list", kwargs={"code": "92"}) == "/espace/92/appels/"


def test_open_calls_come_first_then_past_calls_with_their_results(
    client, call92, dept92, sdg, young_applicant
):
    past = _past_call(dept92, title="Initiatives jeunes solidaires 2025")
    funded = make_complete_application(past, young_applicant, sdg)
    put_in_state(funded, "accepted")  # 1,500 € granted, 3 young people
    draft = CallFactory(department=dept92, state="draft", published_at=None, title="Brouillon")

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert response.context["open_calls"] == [call92]
    assert list(response.context["page"].object_list) == [past]
    row = response.context["page"].object_list[0]
    assert (row.funded_count, row.young_people_count, row.granted_total) == (1, 3, Decimal(1500))
    content = response.content.decode()
    assert content.index(call92.title) < content.index(past.title)
    assert draft.title not in content


def test_a_draft_call_does_not_exist_for_the_public(client, dept92, officer92, client_for):
    draft = CallFactory(department=dept92, state="draft", published_at=None)
    for visitor in (client, client_for(officer92)):
        assert visitor.get(f"/appels/{draft.slug}/").status_code == 404
        assert visitor.get(f"/appels/{draft.slug}/candidater/").status_code in (302, 404)


def test_the_call_page_says_what_who_when_with_the_french_date(client, call92):
    Call.objects.filter(pk=call92.pk).update(
        closes_at=timezone.make_aware(timezone.datetime(2099, 11, 27, 12, 0)),
        funded_what="Les projets de solidarité internationale.",
        faq="Peut-on partir seul ? Non.",
    )

    response = client.get(f"/appels/{call92.slug}/", HTTP_ACCEPT_LANGUAGE="fr")

    content = response.content.decode()
    assert response.status_code == 200
    assert "27 novembre 2099 à 12 h 00" in content
    assert "Les projets de solidarité internationale." in content
    assert "Peut-on partir seul ? Non." in content
    assert "Budget détaillé" in content
    assert "Utilité sociale" in content
    assert f'href="/appels/{call92.slug}/candidater/"' in content


def test_a_past_call_has_no_apply_button_and_shows_its_results(client, dept92):
    past = _past_call(dept92)
    content = client.get(f"/appels/{past.slug}/").content.decode()
    assert "/candidater/" not in content
    assert 'id="results-title"' in content


def test_a_template_document_is_downloadable_from_a_public_call_only(client, call92, dept92):
    document = RequiredDocumentFactory(call=call92, label="Modèle de budget", template=pdf())
    response = client.get(f"/appels/{call92.slug}/modeles/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    Call.objects.filter(pk=call92.pk).update(state="draft")
    assert client.get(f"/appels/{call92.slug}/modeles/{document.pk}/").status_code == 404


@pytest.mark.parametrize("rows", [2, 25])
def test_public_list_query_count_does_not_grow(rows, client, dept92, django_assert_max_num_queries):
    for _ in range(rows):
        CallFactory(department=dept92)
        _past_call(dept92)
    # 1 the open calls (with their department), 2 count of the past calls,
    # 3 the page of past calls with their department and results (subqueries).
    with django_assert_max_num_queries(3):
        response = client.get(LIST_URL)
    assert len(response.context["open_calls"]) == rows
    assert len(response.context["page"].object_list) == min(rows, 20)


def test_apply_page_asks_to_log_in_then_starts_a_draft(client, call92, young_applicant):
    response = client.get(f"/appels/{call92.slug}/candidater/")
    assert response.status_code == 302
    assert response.url.startswith("/compte/login/")

    client.force_login(young_applicant)
    assert client.get(f"/appels/{call92.slug}/candidater/").status_code == 200
    response = client.post(f"/appels/{call92.slug}/candidater/")

    application = young_applicant.applications.get()
    assert response.url == f"/compte/candidatures/{application.pk}/modifier/porteur/"
    assert application.state == "draft"
    # A second visit resumes the same draft.
    response = client.get(f"/appels/{call92.slug}/candidater/")
    assert response.url == f"/compte/candidatures/{application.pk}/modifier/porteur/"
    assert young_applicant.applications.count() == 1


def test_applying_after_the_closing_time_is_refused(client, call92):
    Call.objects.filter(pk=call92.pk).update(
        opens_at=timezone.now() - timedelta(days=60), closes_at=timezone.now() - timedelta(hours=1)
    )
    user = UserFactory()
    client.force_login(user)
    response = client.post(f"/appels/{call92.slug}/candidater/", follow=True)
    assert not user.applications.exists()
    assert "This call is not open to applications." in response.content.decode() or (
        "Cet appel" in response.content.decode()
    )
