"""Real-browser harness: the system Chromium driven by Playwright's sync API.

Browser tests use ``live_server``, ``@pytest.mark.django_db(transaction=True)`` (the
server thread must see what the test writes) and ``@pytest.mark.e2e``; they open pages
with ``tests.e2e.helpers.visit`` and check pages reached by clicking with ``check_axe``.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e.helpers import AXE_PATH, take_console_errors, watch_console

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
DEFAULT_TIMEOUT_MS = 15_000


def _missing_tools() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"Chromium ({CHROMIUM})")
    if not AXE_PATH.exists():
        missing.append(f"axe-core ({AXE_PATH.relative_to(AXE_PATH.parents[2])})")
    return missing


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_call_failed = report.failed
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    missing = _missing_tools()
    if missing:
        message = (
            f"Browser tests need {' and '.join(missing)}: run `make test`, which installs them."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh French-speaking browser context; console errors nobody checked fail the test."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    watch_console(page)
    yield page
    leftover = take_console_errors(page)
    context.close()
    if leftover and not getattr(request.node, "e2e_call_failed", False):
        pytest.fail(
            "Console errors after the last page check:\n  " + "\n  ".join(leftover),
            pytrace=False,
        )
