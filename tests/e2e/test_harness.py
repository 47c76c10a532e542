"""The browser harness works end to end, and really catches what it is meant to catch."""

import pytest
from playwright.sync_api import Page, Route

from tests.e2e.helpers import check_axe, screenshot_path, visit

pytestmark = pytest.mark.e2e

STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'"
FAKE_ORIGIN = "http://harness.test"
GOOD_PAGE = (
    "<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Essai</title></head>"
    "<body><main><h1>Essai</h1><p>Une page sans défaut.</p></main></body></html>"
)


def _serve(page: Page, html: str) -> str:
    """Serves ``html`` under the portal's CSP at a fake address, 404 for anything else."""

    def handle(route: Route) -> None:
        if route.request.url == f"{FAKE_ORIGIN}/":
            route.fulfill(
                status=200,
                content_type="text/html; charset=utf-8",
                headers={"Content-Security-Policy": STRICT_CSP},
                body=html,
            )
        else:
            route.fulfill(status=404, body="")

    page.route(f"{FAKE_ORIGIN}/**", handle)
    return f"{FAKE_ORIGIN}/"


@pytest.mark.django_db(transaction=True)
def test_admin_login_leads_to_the_portal_login_which_passes_the_harness(page, live_server):
    screenshot = screenshot_path("admin-login")
    screenshot.unlink(missing_ok=True)

    visit(page, f"{live_server.url}/admin/login/", "admin-login")

    assert screenshot.stat().st_size > 0
    # The admin's own password form is never served: allauth's login (rate limits, TOTP).
    assert "/compte/login/" in page.url
    assert page.locator("main input[name=login]").is_visible()
    assert page.locator("input[name=username]").count() == 0


def test_check_axe_passes_a_clean_page_and_saves_its_screenshot(page):
    page.goto(_serve(page, GOOD_PAGE))

    path = check_axe(page, "clean")

    assert path.name == "test_check_axe_passes_a_clean_page_and_saves_its_screenshot--clean.png"
    assert path.stat().st_size > 0


def test_visit_fails_on_a_csp_violation(page):
    html = GOOD_PAGE.replace("</main>", "<script>document.title = 'x';</script></main>")

    with pytest.raises(pytest.fail.Exception, match="Content Security Policy"):
        visit(page, _serve(page, html), "inline-script")


def test_visit_fails_on_a_serious_axe_violation(page):
    html = GOOD_PAGE.replace("<p>", "<form action='/'><input name='q' type='text'></form><p>")

    with pytest.raises(pytest.fail.Exception, match=r"axe label \(critical\).*input"):
        visit(page, _serve(page, html), "unlabelled-input")


@pytest.mark.django_db(transaction=True)
def test_visit_fails_on_an_error_status(page, live_server):
    with pytest.raises(pytest.fail.Exception, match="answered 404"):
        visit(page, f"{live_server.url}/no-such-page/", "missing")
