"""Repeated failed logins are slowed down (allauth's rate limits, on in production)."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from config import settings as production_settings


def test_production_settings_limit_failed_logins_and_password_resets():
    assert "login_failed" in production_settings.ACCOUNT_RATE_LIMITS
    assert "reset_password" in production_settings.ACCOUNT_RATE_LIMITS


@pytest.mark.django_db
def test_after_five_wrong_passwords_even_the_right_one_is_refused_for_a_while(client, officer94):
    cache.clear()
    limits = {"login_failed": production_settings.ACCOUNT_RATE_LIMITS["login_failed"]}
    with override_settings(ACCOUNT_RATE_LIMITS=limits):
        for _attempt in range(5):
            client.post("/compte/login/", {"login": officer94.email, "password": "wrong"})
        response = client.post("/compte/login/", {"login": officer94.email, "password": "pw"})
    cache.clear()

    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives" in response.content.decode()
    assert settings.ACCOUNT_RATE_LIMITS is False  # the rest of the suite is not throttled


@pytest.mark.django_db
def test_a_few_wrong_passwords_do_not_lock_the_account(client, officer94):
    cache.clear()
    limits = {"login_failed": production_settings.ACCOUNT_RATE_LIMITS["login_failed"]}
    with override_settings(ACCOUNT_RATE_LIMITS=limits):
        for _attempt in range(3):
            client.post("/compte/login/", {"login": officer94.email, "password": "wrong"})
        client.post("/compte/login/", {"login": officer94.email, "password": "pw"})
    cache.clear()

    assert client.session["_auth_user_id"] == str(officer94.pk)
