"""The accounts' security log (partners.security_log, issue 10 item 11): sign-ins, failures,
lockouts, sign-outs, passwords, e-mail addresses, second factors and the admin, each with
the user and the client's address (behind a trusted proxy too), never a password."""

import logging
import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.auth import authenticate
from django.core import mail
from django.test import RequestFactory, override_settings
from django.urls import reverse

from config import settings as production_settings
from tests.factories import DEFAULT_PASSWORD
from tests.security_log import events_named, security_lines

pytestmark = pytest.mark.django_db

CLIENT = {"REMOTE_ADDR": "203.0.113.9"}
# Behind one trusted reverse proxy: the TCP peer is the proxy, the client is in the header.
PROXIED = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
WRONG_PASSWORD = "Not-The-Right-Secret-42"
NEW_PASSWORD = "Une-Phrase-De-Passe-Solide-2026"


@pytest.fixture(autouse=True)
def security_caplog(caplog):
    caplog.set_level(logging.INFO, logger="security")
    return caplog


def _login(client, user, **meta):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}, **meta
    )


def _only(caplog, event: str) -> dict[str, str]:
    (line,) = events_named(caplog, event)
    return line


def _no_password_in(caplog, *passwords: str) -> None:
    for record in caplog.records:
        for password in (DEFAULT_PASSWORD, WRONG_PASSWORD, NEW_PASSWORD, *passwords):
            # DEFAULT_PASSWORD ("pw") is short: looked for as a whole value, not a substring.
            assert not re.search(rf"=\"?{re.escape(password)}\"?(\s|$)", record.getMessage())
            if len(password) > 4:
                assert password not in record.getMessage()


def test_a_login_is_logged_with_the_user_and_address(client, officer94, caplog):
    _login(client, officer94, **CLIENT)

    line = _only(caplog, "login")
    assert line["user"] == officer94.email
    assert line["user_id"] == str(officer94.pk)
    assert line["ip"] == "203.0.113.9"
    assert line["departments"] == "94"
    assert line["mfa"] == "no"
    _no_password_in(caplog)


def test_a_superuser_login_says_so(client, superuser, caplog):
    _login(client, superuser, **CLIENT)

    assert _only(caplog, "login")["superuser"] == "yes"


def test_a_failed_login_logs_what_was_typed_never_the_password(client, officer94, caplog):
    client.post(
        reverse("account_login"), {"login": officer94.email, "password": WRONG_PASSWORD}, **CLIENT
    )

    line = _only(caplog, "login_failed")
    assert line["login"] == officer94.email
    assert line["ip"] == "203.0.113.9"
    assert line["user"] == "-"
    assert [r.levelno for r in caplog.records if r.name == "security"] == [logging.WARNING]
    assert not events_named(caplog, "login")
    _no_password_in(caplog)


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_the_clients_address_is_logged_not_the_proxys(
    client, officer94, caplog
):
    client.post(
        reverse("account_login"), {"login": officer94.email, "password": WRONG_PASSWORD}, **PROXIED
    )
    _login(client, officer94, **PROXIED)

    assert _only(caplog, "login_failed")["ip"] == "198.51.100.7"
    assert _only(caplog, "login")["ip"] == "198.51.100.7"


def test_without_a_trusted_proxy_a_forwarded_header_is_not_believed(client, officer94, caplog):
    _login(client, officer94, **PROXIED)

    assert _only(caplog, "login")["ip"] == "10.0.0.2"


def test_a_line_break_typed_as_login_cannot_forge_a_line(client, caplog):
    """The login form refuses such a login before authenticating; whatever else hands one
    to Django's authenticate() still writes one line, its own."""
    forged = "nobody@example.org\r\nevent=login user_id=1 user=admin@example.org ip=127.0.0.1"
    client.post(reverse("account_login"), {"login": forged, "password": WRONG_PASSWORD}, **CLIENT)
    request = RequestFactory().post("/compte/login/", **CLIENT)
    assert authenticate(request, email=forged, password=WRONG_PASSWORD) is None

    security = [r.getMessage() for r in caplog.records if r.name == "security"]
    assert security and all("\n" not in m and "\r" not in m for m in security)
    (line,) = security_lines(caplog)
    assert line["event"] == "login_failed"
    assert line["user"] == "-"
    assert line["ip"] == "203.0.113.9"
    assert line["login"] == forged.replace("\r\n", " ")
    _no_password_in(caplog)


def test_a_lockout_is_logged(client, officer94, caplog):
    limits = {"login_failed": production_settings.ACCOUNT_RATE_LIMITS["login_failed"]}
    with override_settings(ACCOUNT_RATE_LIMITS=limits, ALLAUTH_TRUSTED_PROXY_COUNT=1):
        for _attempt in range(6):
            client.post(
                reverse("account_login"),
                {"login": officer94.email, "password": WRONG_PASSWORD},
                **PROXIED,
            )

    line = events_named(caplog, "login_throttled")[0]
    assert line["login"] == officer94.email
    assert line["ip"] == "198.51.100.7"
    assert len(events_named(caplog, "login_failed")) == 5
    _no_password_in(caplog)


def test_a_logout_is_logged(client, officer94, caplog):
    _login(client, officer94)
    client.post(reverse("account_logout"), **CLIENT)

    line = _only(caplog, "logout")
    assert line["user"] == officer94.email
    assert line["ip"] == "203.0.113.9"


def test_a_password_change_is_logged_without_either_password(client, officer94, caplog):
    _login(client, officer94)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        **CLIENT,
    )
    assert response.status_code == 302

    line = _only(caplog, "password_changed")
    assert line["user"] == officer94.email
    assert line["ip"] == "203.0.113.9"
    _no_password_in(caplog)


def test_a_password_reset_is_logged(client, officer94, caplog):
    client.post(reverse("account_reset_password"), {"email": officer94.email})
    link = re.search(r"https?://\S+/password/reset/key/\S+", mail.outbox[-1].body).group(0)
    set_password = client.get(link.split("testserver", 1)[-1])["Location"]
    response = client.post(
        set_password, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, **CLIENT
    )
    assert response.status_code == 302

    line = _only(caplog, "password_reset")
    assert line["user"] == officer94.email
    assert line["ip"] == "203.0.113.9"
    _no_password_in(caplog)


def test_a_change_of_primary_email_is_logged(client, young_applicant, caplog):
    EmailAddress.objects.create(
        user=young_applicant, email="nouvelle@example.org", verified=True, primary=False
    )
    _login(client, young_applicant)
    client.post(
        reverse("account_email"),
        {"action_primary": "", "email": "nouvelle@example.org"},
        **CLIENT,
    )

    line = _only(caplog, "email_changed")
    assert line["user_id"] == str(young_applicant.pk)
    assert line["old"] == "jeune@example.org"
    assert line["new"] == "nouvelle@example.org"
    assert line["ip"] == "203.0.113.9"


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def test_mfa_activation_recovery_codes_and_deactivation_are_logged(
    client, officer94, caplog, django_capture_on_commit_callbacks
):
    _login(client, officer94)
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_activate_totp"), {"code": _code(secret)}, **CLIENT)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_generate_recovery_codes"), **CLIENT)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_deactivate_totp"), **CLIENT)

    activated = events_named(caplog, "mfa_activated")
    assert {line["type"] for line in activated} == {"totp", "recovery_codes"}
    assert all(line["user"] == officer94.email for line in activated)
    assert all(line["ip"] == "203.0.113.9" for line in activated)
    assert _only(caplog, "mfa_recovery_codes_regenerated")["type"] == "recovery_codes"
    deactivated = events_named(caplog, "mfa_deactivated")  # the codes go with the TOTP
    assert {line["type"] for line in deactivated} == {"totp", "recovery_codes"}
    assert all(line["ip"] == "203.0.113.9" for line in deactivated)
    assert not Authenticator.objects.filter(user=officer94, type="totp").exists()


def test_a_wrong_second_factor_code_is_logged(client, superuser, caplog):
    TOTP.activate(superuser, generate_totp_secret())
    _login(client, superuser, **CLIENT)
    client.post("/compte/2fa/authenticate/", {"code": "000000"}, **CLIENT)

    line = _only(caplog, "mfa_failed")
    assert line["user"] == superuser.email
    assert line["ip"] == "203.0.113.9"
    assert not events_named(caplog, "login")  # the password alone does not sign in


def test_each_admin_request_of_a_superuser_is_logged(client, superuser, caplog):
    client.force_login(superuser)
    client.get("/admin/partners/user/", **CLIENT)
    client.get(f"/admin/partners/user/{superuser.pk}/change/", **CLIENT)

    lines = events_named(caplog, "admin_access")
    assert [line["path"] for line in lines] == [
        "/admin/partners/user/",
        f"/admin/partners/user/{superuser.pk}/change/",
    ]
    assert all(line["user"] == superuser.email for line in lines)
    assert all(line["ip"] == "203.0.113.9" for line in lines)
    assert all(line["method"] == "GET" for line in lines)


def test_a_signed_in_non_superuser_refused_by_the_admin_is_logged(client, officer94, caplog):
    client.force_login(officer94)
    client.get("/admin/", **CLIENT)

    line = _only(caplog, "admin_refused")
    assert line["user"] == officer94.email
    assert line["ip"] == "203.0.113.9"
    assert not events_named(caplog, "admin_access")
