"""The project's own system checks: a production start refuses what would hurt users."""

import pytest
from django.core import checks

from tests.config.test_settings import PRODUCTION, run_manage


def _site_url_errors() -> list[str]:
    return [
        message.id
        for message in checks.run_checks(include_deployment_checks=True, tags=["deploy"])
        if message.id == "portal.E001"
    ]


@pytest.mark.parametrize(
    "site_url",
    [
        "http://127.0.0.1:8000",  # the default
        "https://127.0.0.1",
        "https://localhost:8443",
        "https://app.localhost",
        "https://[::1]",
        "https://0.0.0.0",
        "http://portail.example.org",  # not https
        "portail.example.org",
        "",
    ],
)
def test_deploy_check_refuses_a_default_loopback_or_plain_http_site_url(settings, site_url):
    settings.DEBUG = False
    settings.SITE_URL = site_url
    assert _site_url_errors() == ["portal.E001"]


def test_deploy_check_accepts_an_https_public_site_url_and_anything_in_debug(settings):
    settings.DEBUG = False
    settings.SITE_URL = "https://cooperations.example.org"
    assert _site_url_errors() == []
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert _site_url_errors() == []


def test_check_deploy_fails_when_production_keeps_the_default_site_url():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode != 0
    assert "portal.E001" in result.stderr + result.stdout
    assert "SITE_URL" in result.stderr + result.stdout
