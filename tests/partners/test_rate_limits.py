"""Repeated failed logins are slowed down (allauth's rate limits, on in production)."""

import os
import subprocess
import sys

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


def _five_wrong_then_right(client, email: str, *, wrong_from: dict, right_from: dict):
    for _attempt in range(5):
        client.post("/compte/login/", {"login": email, "password": "wrong"}, **wrong_from)
    return client.post("/compte/login/", {"login": email, "password": "pw"}, **right_from)


@pytest.mark.django_db
def test_wrong_passwords_from_one_address_do_not_lock_the_officer_out_from_another(
    client, officer94
):
    """Anyone knowing an officer's e-mail could otherwise keep them out on a committee day."""
    limits = {"login_failed": production_settings.ACCOUNT_RATE_LIMITS["login_failed"]}
    with override_settings(ACCOUNT_RATE_LIMITS=limits):
        _five_wrong_then_right(
            client,
            officer94.email,
            wrong_from={"REMOTE_ADDR": "203.0.113.66"},
            right_from={"REMOTE_ADDR": "198.51.100.7"},
        )

    assert client.session["_auth_user_id"] == str(officer94.pk)


@pytest.mark.django_db
def test_behind_a_trusted_proxy_failures_count_per_client_not_per_proxy(client, officer94):
    """Behind one reverse proxy every request comes from the proxy's address: counted per
    TCP peer, a few wrong passwords would block every login of the portal."""
    limits = {"login_failed": production_settings.ACCOUNT_RATE_LIMITS["login_failed"]}
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    with override_settings(ACCOUNT_RATE_LIMITS=limits, ALLAUTH_TRUSTED_PROXY_COUNT=1):
        for attempt in range(5):
            client.post(
                "/compte/login/",
                {"login": f"nobody{attempt}@example.org", "password": "wrong"},
                HTTP_X_FORWARDED_FOR="203.0.113.66",
                **proxy,
            )
        client.post(
            "/compte/login/",
            {"login": officer94.email, "password": "pw"},
            HTTP_X_FORWARDED_FOR="198.51.100.7",
            **proxy,
        )

    assert client.session["_auth_user_id"] == str(officer94.pk)


@pytest.mark.django_db
def test_behind_a_trusted_proxy_a_guesser_is_still_blocked(client, officer94):
    limits = {"login_failed": production_settings.ACCOUNT_RATE_LIMITS["login_failed"]}
    proxy = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    with override_settings(ACCOUNT_RATE_LIMITS=limits, ALLAUTH_TRUSTED_PROXY_COUNT=1):
        _five_wrong_then_right(client, officer94.email, wrong_from=proxy, right_from=proxy)

    assert "_auth_user_id" not in client.session


def test_the_trusted_proxies_are_read_from_the_environment():
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x",
        "TRUSTED_PROXY_COUNT": "2",
        "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP",
    }
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from config import settings as s; "
            "print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)",
        ],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert printed.split() == ["2", "X-Real-IP"]


def test_without_redis_the_counters_are_shared_by_every_worker():
    """A memory cache per process would multiply the limits by the number of workers."""
    counters = production_settings.CACHES["default"]["BACKEND"]
    pages = production_settings.CACHES["public"]["BACKEND"]

    assert counters == "django.core.cache.backends.db.DatabaseCache"
    assert pages != counters


@pytest.mark.django_db
def test_the_counters_live_in_the_database_table_that_migrate_creates(client, officer94):
    from django.core.cache import caches

    from common.apps import _create_cache_tables

    limits = {"login_failed": production_settings.ACCOUNT_RATE_LIMITS["login_failed"]}
    with override_settings(CACHES=production_settings.CACHES, ACCOUNT_RATE_LIMITS=limits):
        _create_cache_tables(using="default")  # what every `migrate` does (common/apps.py)
        for _attempt in range(5):
            client.post("/compte/login/", {"login": officer94.email, "password": "wrong"})
        # Another worker: a cache object of its own, the same table.
        caches["default"].close()
        del caches["default"]
        client.post("/compte/login/", {"login": officer94.email, "password": "pw"})

    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_public_page_traffic_does_not_push_the_login_counters_out(client, officer94):
    """Thousands of anonymous pages with random query strings filled the one shared cache
    and evicted the counters: guessing went on."""
    from django.core.cache import caches

    limits = {"login_failed": production_settings.ACCOUNT_RATE_LIMITS["login_failed"]}
    with override_settings(ACCOUNT_RATE_LIMITS=limits):
        for _attempt in range(5):
            client.post("/compte/login/", {"login": officer94.email, "password": "wrong"})
        for page in range(2500):
            caches["public"].set(f"public-page:1:fr:{page}", b"<html>", 60)
        client.post("/compte/login/", {"login": officer94.email, "password": "pw"})

    assert "_auth_user_id" not in client.session
