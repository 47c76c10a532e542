"""What every browser test does on a page: screenshot, axe-core, console errors; and how
it gets a page and a person.

``visit(page, url, name)`` opens a URL and checks the page; ``check_axe(page, name)``
checks the page the browser is on (after a click or a form submission); ``new_page``
opens a second person's browser; ``log_in`` logs a person in through the login form.

A page fails its check on:
- an axe-core violation of impact "serious" or "critical";
- an error in the browser console or an uncaught exception since the last check: CSP
  violations, failed resource loads and JavaScript errors all land there in Chromium.

axe-core is injected with ``page.evaluate`` and not with ``page.add_script_tag``: an
injected <script> tag is an inline script, which the portal's CSP (script-src 'self')
rightly blocks, and that block would itself be reported as a CSP violation.
"""

import os
import re
from pathlib import Path
from weakref import WeakKeyDictionary

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Response

from cooperation.models import CooperationProject
from tests.factories import DEFAULT_PASSWORD

PROJECT_ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS_DIR = PROJECT_ROOT / "test-artifacts" / "screenshots"
BLOCKING_IMPACTS = ("serious", "critical")
DEFAULT_TIMEOUT_MS = 15_000
# The password of every person of the demo data (partners/demo.py), published on purpose.
DEMO_PASSWORD = "demo-portail-2026"
DEMO_DOMAIN = "@demo.example.org"

# Chromium asks every site for /favicon.ico on its own; a page that declares no icon (the
# Django admin's) gets a 404 there that says nothing about the page itself.
IGNORED_CONSOLE_URL = re.compile(r"^https?://[^/]+/favicon\.ico$")

_AXE_RUN = """
async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    target: violation.nodes.length ? violation.nodes[0].target.join(" ") : "",
    count: violation.nodes.length,
  }));
}
"""

_console_errors: "WeakKeyDictionary[Page, list[str]]" = WeakKeyDictionary()


def watch_console(page: Page) -> None:
    """Collects the page's console errors and uncaught exceptions (the page fixture calls it)."""
    errors = _console_errors.setdefault(page, [])

    def on_console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if IGNORED_CONSOLE_URL.match(url):
            return
        errors.append(f"console error: {message.text}" + (f" [{url}]" if url else ""))

    def on_page_error(error: Error) -> None:
        errors.append(f"uncaught exception: {error.message}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)


def take_console_errors(page: Page) -> list[str]:
    """The errors collected since the last check, and forgets them."""
    errors = _console_errors.setdefault(page, [])
    taken = list(errors)
    errors.clear()
    return taken


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "page"


def current_test_name() -> str:
    """``tests/e2e/test_x.py::test_y[a] (call)`` → ``test_y-a``."""
    node_id = os.environ.get("PYTEST_CURRENT_TEST", "unknown-test").rsplit(" ", 1)[0]
    return _slug(node_id.split("::", 1)[-1])


def screenshot_path(name: str) -> Path:
    return SCREENSHOTS_DIR / f"{current_test_name()}--{_slug(name)}.png"


def run_axe(page: Page) -> list[dict]:
    """Every axe-core violation on the current page (all impacts)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_PATH.read_text(encoding="utf-8"))
    return page.evaluate(_AXE_RUN)


def check_axe(page: Page, name: str) -> Path:
    """Screenshots the current page, then fails on serious/critical axe violations and on
    console errors. Returns the screenshot's path."""
    path = screenshot_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)

    problems = [
        f"axe {violation['id']} ({violation['impact']}): {violation['help']}"
        f" — first of {violation['count']}: {violation['target']}"
        for violation in run_axe(page)
        if violation["impact"] in BLOCKING_IMPACTS
    ]
    problems += take_console_errors(page)
    if problems:
        pytest.fail(
            f"{name} ({page.url}) fails its checks, screenshot {path}:\n  " + "\n  ".join(problems),
            pytrace=False,
        )
    return path


def visit(page: Page, url: str, name: str) -> Response:
    """Opens ``url``, then checks it like ``check_axe``. Returns the response."""
    response = page.goto(url)
    if response is None or response.status >= 400:
        status = response.status if response is not None else "nothing"
        # The console errors of a failed load are its echo: reported here, not again later.
        pytest.fail(
            f"{name}: {url} answered {status}\n  " + "\n  ".join(take_console_errors(page)),
            pytrace=False,
        )
    check_axe(page, name)
    return response


def new_page(browser: Browser) -> Page:
    """A person's browser: its own context (cookies), French, console watched (the
    ``page`` fixture is one; a test opens others for a second person)."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    watch_console(page)
    return page


def log_in(page: Page, base: str, email: str, password: str | None = None) -> None:
    """Logs ``email`` in through the login form (checked like every page). The password
    is the demo data's for a person of the demo, the factories' otherwise."""
    if password is None:
        password = DEMO_PASSWORD if email.endswith(DEMO_DOMAIN) else DEFAULT_PASSWORD
    visit(page, f"{base}/compte/login/", "login")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/compte/login/" not in page.url, f"{email} could not log in"


def published(project: CooperationProject) -> CooperationProject:
    """``project``, made public now (test data set straight, not through the service)."""
    project.is_public = True
    project.published_at = timezone.now()
    project.save(update_fields=["is_public", "published_at"])
    return project
