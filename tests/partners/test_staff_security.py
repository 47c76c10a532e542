"""Staff accounts: a second factor required in production, recovery codes, 12-character
passwords, and sessions that lock when idle (issue 10, item 12)."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.test import override_settings
from django.utils import timezone, translation

from tests.factories import DEFAULT_PASSWORD

STAFF_HOME = "/espace/94/"


def _code(secret: str, *, offset: int = 0) -> str:
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


def _log_in(client, user) -> None:
    response = client.post("/compte/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.session["_auth_user_id"] == str(user.pk)


def _activate_totp(client) -> str:
    response = client.get("/compte/2fa/totp/activate/")
    if response.status_code == 302:  # allauth asks for the password again first
        assert response["Location"].startswith("/compte/reauthenticate/")
        client.post(response["Location"], {"password": DEFAULT_PASSWORD})
        client.get("/compte/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]
    response = client.post("/compte/2fa/totp/activate/", {"code": _code(secret)})
    assert response.status_code == 302, response.content.decode()[:800]
    return secret


@pytest.mark.django_db
@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_in_production_an_officer_without_second_factor_is_sent_to_activate_one(client, officer94):
    _log_in(client, officer94)

    response = client.get(STAFF_HOME)

    assert response.status_code == 302
    assert response["Location"] == "/compte/2fa/totp/activate/?next=%2Fespace%2F94%2F"
    _activate_totp(client)
    assert client.get(STAFF_HOME).status_code == 200


@pytest.mark.django_db
@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_in_production_a_superuser_reaches_the_admin_only_with_a_second_factor(client, superuser):
    _log_in(client, superuser)

    response = client.get("/admin/partners/user/")

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/2fa/totp/activate/")


@pytest.mark.django_db
@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_reviewers_also_need_a_second_factor(client, reviewer92):
    """They read the applicants' files, minors' included."""
    _log_in(client, reviewer92)

    assert client.get("/compte/").status_code == 302


@pytest.mark.django_db
@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_an_applicant_is_not_asked_for_a_second_factor(client, young_applicant):
    _log_in(client, young_applicant)

    assert client.get("/compte/").status_code == 200


@pytest.mark.django_db
@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_once_the_app_is_activated_the_officer_works_and_holds_recovery_codes(client, officer94):
    _log_in(client, officer94)
    _activate_totp(client)

    assert client.get(STAFF_HOME).status_code == 200
    kinds = set(Authenticator.objects.filter(user=officer94).values_list("type", flat=True))
    assert kinds == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    with translation.override("en"):
        codes_page = client.get("/compte/2fa/recovery-codes/", HTTP_ACCEPT_LANGUAGE="en")
    assert codes_page.status_code == 200


@pytest.mark.django_db
@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_a_recovery_code_opens_the_session_when_the_phone_is_lost(client, officer94):
    _log_in(client, officer94)
    _activate_totp(client)
    recovery = Authenticator.objects.get(user=officer94, type=Authenticator.Type.RECOVERY_CODES)
    one_code = recovery.wrap().get_unused_codes()[0]
    client.logout()

    client.post("/compte/login/", {"login": officer94.email, "password": DEFAULT_PASSWORD})
    assert "_auth_user_id" not in client.session
    client.post("/compte/2fa/authenticate/", {"code": one_code})

    assert client.session["_auth_user_id"] == str(officer94.pk)
    assert client.get(STAFF_HOME).status_code == 200


@pytest.mark.django_db
@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_an_officer_cannot_remove_the_required_authenticator_app(client, officer94):
    _log_in(client, officer94)
    _activate_totp(client)

    client.post("/compte/2fa/totp/deactivate/", {})

    assert Authenticator.objects.filter(user=officer94, type=Authenticator.Type.TOTP).exists()


def _settings_printed(**environment: str) -> str:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from config import settings as s; print(s.MFA_REQUIRED_FOR_STAFF)",
        ],
        env={**os.environ, "SECRET_KEY": "x", **environment},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_the_second_factor_is_required_by_default_in_production_not_in_the_demo():
    assert _settings_printed(DEBUG="false") == "True"
    assert _settings_printed(DEBUG="true") == "False"
    assert _settings_printed(DEBUG="false", MFA_REQUIRED_FOR_STAFF="false") == "False"


@pytest.mark.django_db
def test_a_password_of_eleven_characters_is_refused_at_sign_up(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        response = client.post(
            "/compte/signup/",
            {
                "email": "new@example.org",
                "password1": "Kq7#wz!pL2m",
                "password2": "Kq7#wz!pL2m",
                "full_name": "Nouvelle Personne",
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()


@pytest.mark.django_db
def test_an_idle_staff_session_asks_for_the_password_again(client, officer94):
    _log_in(client, officer94)
    assert client.get(STAFF_HOME).status_code == 200

    idle = settings.STAFF_SESSION_IDLE_MINUTES + 1
    with time_machine.travel(timezone.now() + timedelta(minutes=idle), tick=False):
        response = client.get(STAFF_HOME)

    assert response.status_code == 302
    assert response["Location"] == "/compte/reauthenticate/?next=%2Fespace%2F94%2F"


@pytest.mark.django_db
def test_an_active_staff_session_is_not_interrupted(client, officer94):
    _log_in(client, officer94)
    step = timedelta(minutes=settings.STAFF_SESSION_IDLE_MINUTES - 5)
    for hop in range(1, 4):
        with time_machine.travel(timezone.now() + step * hop, tick=False):
            assert client.get(STAFF_HOME).status_code == 200


@pytest.mark.django_db
def test_a_form_sent_after_the_idle_limit_is_saved_once_the_password_is_given(client, officer94):
    """Nothing typed is lost: allauth keeps the form and sends it after re-authentication."""
    _log_in(client, officer94)
    client.get("/compte/profil/")
    later = timezone.now() + timedelta(minutes=settings.STAFF_SESSION_IDLE_MINUTES + 1)
    with time_machine.travel(later, tick=False):
        response = client.post("/compte/profil/", {"full_name": "Olivier Agent-Dupont"})
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/reauthenticate/")
        officer94.refresh_from_db()
        assert officer94.full_name == "Olivier Agent"

        client.post(response["Location"], {"password": DEFAULT_PASSWORD})

    officer94.refresh_from_db()
    assert officer94.full_name == "Olivier Agent-Dupont"


@pytest.mark.django_db
def test_an_idle_applicant_session_is_not_locked(client, young_applicant):
    _log_in(client, young_applicant)
    later = timezone.now() + timedelta(minutes=settings.STAFF_SESSION_IDLE_MINUTES + 1)
    with time_machine.travel(later, tick=False):
        assert client.get("/compte/").status_code == 200
