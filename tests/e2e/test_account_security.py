"""The pages of issue 10 in a real browser, desktop and phone: a staff member sets up the
required second factor, and a form sent with an expired token gets the portal's page."""

import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import override_settings
from playwright.sync_api import Page, expect

from tests.e2e.helpers import check_axe, log_in, take_console_errors, visit
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_officer_sets_up_the_required_second_factor(
    page: Page, live_server, officer94, viewport
):
    page.set_viewport_size(viewport)
    with override_settings(MFA_REQUIRED_FOR_STAFF=True):
        log_in(page, live_server.url, officer94.email, DEFAULT_PASSWORD)
        page.goto(live_server.url + "/espace/94/")
        if "/compte/reauthenticate/" in page.url:
            check_axe(page, "reauthenticate")
            page.locator("main form input[name=password]").fill(DEFAULT_PASSWORD)
            page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/compte/2fa/totp/activate/"))
        check_axe(page, "totp-activate")

        secret = page.locator("#authenticator_secret").input_value()
        page.locator("main form input[name=code]").fill(_code(secret))
        page.get_by_role("button", name=re.compile("Activer", re.I)).click()
        check_axe(page, "after-activation")
        assert Authenticator.objects.filter(user=officer94).count() == 2

        visit(page, live_server.url + "/compte/2fa/recovery-codes/", "recovery-codes")
        visit(page, live_server.url + "/espace/94/", "workspace")
        expect(page.get_by_role("heading", level=1)).to_be_visible()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_form_with_an_expired_token_gets_the_portal_page(page: Page, live_server, viewport):
    page.set_viewport_size(viewport)
    visit(page, live_server.url + "/compte/login/", "login")
    page.locator("#id_login").fill("someone@example.org")
    page.locator("input[name=csrfmiddlewaretoken]").first.evaluate("input => input.value = 'x'")
    page.context.clear_cookies()
    page.locator("#id_password").fill("something long enough")
    page.locator("main form button[type=submit]").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Votre formulaire n’a pas pu être envoyé"
    )
    # The page is the 403 answer itself, which Chromium reports in the console.
    errors = take_console_errors(page)
    assert errors and all("status of 403" in error for error in errors)
    check_axe(page, "csrf-failure")
