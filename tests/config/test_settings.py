"""Production settings are safe: Django's deployment checks pass with the production
variables, and the server refuses to start without a secret key."""

import logging
import logging.config
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "portail.example.org",
}
# Variables of the surrounding shell that would change what the tests read.
CLEANED = {
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "SECRET_KEY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "SITE_URL",
    "ADMINS",
}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in CLEANED}
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_variables():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="portail.example.org",
        SITE_URL="https://portail.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="false", ALLOWED_HOSTS="portail.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_demo_accounts_are_never_seeded_without_debug():
    result = run_manage(
        "seed_demo",
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="portail.example.org",
    )
    assert result.returncode != 0


def _production_setting(name: str, **env: str) -> str:
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings; print(settings.{name})",
        **{**PRODUCTION, **env},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


def test_hsts_preload_is_off_by_default_and_opt_in():
    # Preloading is hard to undo for a council's whole domain: the operator opts in.
    assert _production_setting("SECURE_HSTS_PRELOAD") == "False"
    assert _production_setting("SECURE_HSTS_SECONDS") == "31536000"
    assert _production_setting("SECURE_HSTS_PRELOAD", SECURE_HSTS_PRELOAD="true") == "True"


def _request_log_handlers(**env: str) -> str:
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "import logging; "
        "print(sorted(type(h).__name__ for h in logging.getLogger('django.request').handlers))",
        **{**PRODUCTION, **env},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


def test_admins_are_read_from_the_environment_and_told_of_server_errors():
    admins = "Équipe technique <ops@example.org>, second@example.org"
    assert _production_setting("ADMINS", ADMINS=admins) == (
        "[('Équipe technique', 'ops@example.org'), ('second@example.org', 'second@example.org')]"
    )
    assert _production_setting("ADMINS") == "[]"
    assert _request_log_handlers(ADMINS=admins) == "['AdminEmailHandler']"
    assert _request_log_handlers() == "[]"  # errors still reach the console through the root


def _boom(request):
    raise RuntimeError("the server fails")


urlpatterns = [path("boom/", _boom)]


@pytest.fixture
def logging_with_admins():
    from config.settings import logging_settings

    admins = [("Ops", "ops@example.org")]
    with override_settings(ADMINS=admins):
        logging.config.dictConfig(logging_settings(admins))
        yield
    logging.config.dictConfig(settings.LOGGING)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_server_error_is_mailed_to_the_admins(client, logging_with_admins):
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    assert [message.to for message in mail.outbox] == [["ops@example.org"]]
    assert "the server fails" in mail.outbox[0].body


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_500_page_does_not_claim_that_anyone_is_told(client):
    client.raise_request_exception = False

    html = client.get("/boom/").content.decode()

    assert "prévenue" not in html
    assert "is told" not in html
    assert "recorded in the server" in html or "journal du serveur" in html
