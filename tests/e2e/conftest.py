"""Real-browser harness: the system Chromium driven by Playwright's sync API.

Browser tests use ``live_server``, ``@pytest.mark.django_db(transaction=True)`` (the
server thread must see what the test writes) and ``@pytest.mark.e2e``; they open pages
with ``tests.e2e.helpers.visit`` and check pages reached by clicking with ``check_axe``.
The fixtures: ``browser`` (one Chromium for the session), ``page`` (a fresh French page
whose console errors fail the test), ``demo`` (the portal's demo data, for the live
server). The helpers (``log_in``, ``new_page``...) are in tests/e2e/helpers.py.
"""

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, Page, sync_playwright

from calls.models import Call
from tests.e2e.helpers import AXE_PATH, new_page, take_console_errors

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
    page = new_page(browser)
    yield page
    leftover = take_console_errors(page)
    page.context.close()
    if leftover and not getattr(request.node, "e2e_call_failed", False):
        pytest.fail(
            "Console errors after the last page check:\n  " + "\n  ".join(leftover),
            pytrace=False,
        )


@pytest.fixture
def demo(transactional_db) -> Call:
    """The portal's demo data; returns the open edition of “Initiatives jeunes solidaires”."""
    call_command("load_reference_data", stdout=io.StringIO())
    call_command("seed_demo", force=True, stdout=io.StringIO())
    edition = timezone.localdate().year + 1
    call = Call.objects.get(slug=f"initiatives-jeunes-solidaires-{edition}")
    assert call.is_open
    return call
