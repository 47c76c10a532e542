"""Error pages of the portal's own (issue 10, item 18: the CSRF failure page)."""

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

HEADING = "Your form could not be sent"


@pytest.mark.django_db
def test_a_form_sent_without_its_security_token_gets_the_portals_page():
    client = Client(enforce_csrf_checks=True)
    client.get("/compte/login/")

    response = client.post(
        "/compte/login/",
        {"login": "someone@example.org", "password": "secret"},
        HTTP_REFERER="http://testserver/compte/login/",
    )

    html = response.content.decode()
    assert response.status_code == 403
    with translation.override("fr"):
        heading = gettext(HEADING)
    assert f"<h1>{heading}</h1>" in html
    assert 'href="/compte/login/"' in html  # back to the form
    assert 'href="/"' in html  # the home page
    assert 'lang="fr"' in html


@pytest.mark.django_db
def test_the_csrf_page_never_links_back_to_another_site():
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/compte/login/", {"login": "x@example.org"}, HTTP_REFERER="https://evil.example/"
    )

    assert response.status_code == 403
    assert "evil.example" not in response.content.decode()
