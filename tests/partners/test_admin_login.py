"""The admin's login goes through allauth: its rate limits and the second factor apply
(issue 10, item 1)."""

import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core.cache import cache
from django.test import override_settings

from config import settings as production_settings
from tests.factories import DEFAULT_PASSWORD


def _credentials(email: str, password: str) -> dict[str, str]:
    # Both forms' field names: allauth's ``login`` and the Django admin's ``username``.
    return {"login": email, "username": email, "password": password, "next": "/admin/"}


def _where_admin_login_leads(client) -> str:
    response = client.get("/admin/login/?next=/admin/")
    return response["Location"] if response.status_code == 302 else "/admin/login/"


@pytest.mark.django_db
def test_the_admin_login_page_sends_to_the_portal_login(client):
    response = client.get("/admin/login/?next=/admin/partners/user/")

    assert response.status_code == 302
    assert response["Location"] == "/compte/login/?next=%2Fadmin%2Fpartners%2Fuser%2F"


@pytest.mark.django_db
def test_the_admin_login_refuses_a_password_alone_and_an_outside_next(client, superuser):
    response = client.post(
        "/admin/login/?next=https://evil.example/", _credentials(superuser.email, DEFAULT_PASSWORD)
    )

    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.django_db
def test_a_superuser_with_totp_gives_the_code_before_reaching_the_admin(client, superuser):
    secret = generate_totp_secret()
    TOTP.activate(superuser, secret)

    login_url = _where_admin_login_leads(client)
    response = client.post(login_url, _credentials(superuser.email, DEFAULT_PASSWORD))

    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"] == "/compte/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302

    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    code = format_hotp_value(hotp_value(secret, counter))
    response = client.post("/compte/2fa/authenticate/", {"code": code})

    assert client.session["_auth_user_id"] == str(superuser.pk)
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_repeated_wrong_passwords_at_the_admin_login_are_blocked(client, superuser):
    cache.clear()
    limits = {"login_failed": production_settings.ACCOUNT_RATE_LIMITS["login_failed"]}
    with override_settings(ACCOUNT_RATE_LIMITS=limits):
        login_url = _where_admin_login_leads(client)
        for _attempt in range(5):
            client.post(login_url, _credentials(superuser.email, "wrong"))
        response = client.post(login_url, _credentials(superuser.email, DEFAULT_PASSWORD))
    cache.clear()

    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives" in response.content.decode()


@pytest.mark.django_db
def test_a_signed_in_user_without_admin_rights_is_refused_the_admin_login(client_for, officer94):
    response = client_for(officer94).post(
        "/admin/login/", {"username": "superuser@example.org", "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 403


@pytest.mark.django_db
def test_a_signed_in_superuser_goes_on_to_the_admin(client_for, superuser):
    response = client_for(superuser).get("/admin/login/?next=/admin/partners/user/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/partners/user/"
