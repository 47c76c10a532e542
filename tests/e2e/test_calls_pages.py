"""Every page of the calls, as each kind of person reaches it with the demo data: axe-core
(no serious or critical violation), no console or CSP error, one h1, in French.

The journeys (tests/e2e/test_calls_applicant.py, test_calls_instruction.py) go through
the pages in the order people use them; this test makes sure none is left out, the pages
of a closed call, a held committee and a decided application included.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from calls.models import Application, ApplicationState, Call, CommitteeState, ReviewAssignment
from tests.e2e.helpers import log_in, visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _visit_all(page: Page, base: str, paths: list[str], prefix: str) -> None:
    for number, path in enumerate(paths):
        visit(page, base + path, f"{prefix}-{number:02d}")
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_every_page_of_the_calls_is_accessible(page: Page, live_server, demo: Call):
    base = live_server.url
    open_call = demo
    past_call = Call.objects.get(slug=f"initiatives-jeunes-solidaires-{timezone.localdate().year}")
    eligible = open_call.applications.get(state=ApplicationState.ELIGIBLE)
    accepted = open_call.applications.get(state=ApplicationState.ACCEPTED)
    held = open_call.committee_sessions.get(state=CommitteeState.HELD)
    planned = open_call.committee_sessions.get(state=CommitteeState.PLANNED)

    # The public.
    _visit_all(
        page,
        base,
        [
            "/",
            "/appels/",
            f"/appels/{open_call.slug}/",
            f"/appels/{past_call.slug}/",
            "/departements/92/",
            "/donnees/",
        ],
        "calls-public",
    )

    # An officer of 92.
    log_in(page, base, "agent92@demo.example.org")
    call = f"/espace/92/appels/{open_call.slug}/"
    _visit_all(
        page,
        base,
        [
            "/espace/92/appels/",
            "/espace/92/appels/nouveau/",
            call,
            call + "modifier/",
            call + "pieces/",
            call + "criteres/",
            call + "candidatures/",
            call + "candidatures/?state=eligible",
            call + f"candidatures/{eligible.pk}/",
            call + f"candidatures/{accepted.pk}/",
            call + "classement/",
            call + "comites/",
            call + "comites/nouveau/",
            call + f"comites/{planned.pk}/",
            call + f"comites/{planned.pk}/modifier/",
            call + f"comites/{held.pk}/",
            call + f"comites/{held.pk}/proces-verbal/",
            f"/espace/92/appels/{past_call.slug}/candidatures/",
        ],
        "calls-staff",
    )

    # The reviewer of 92: his list, an application waiting for his declaration, a
    # submitted review.
    page.context.clear_cookies()
    log_in(page, base, "jury92@demo.example.org")
    waiting = ReviewAssignment.objects.get(
        reviewer__email="jury92@demo.example.org", conflict_declared__isnull=True
    )
    submitted = ReviewAssignment.objects.filter(
        reviewer__email="jury92@demo.example.org", submitted_at__isnull=False
    ).first()
    _visit_all(
        page,
        base,
        [
            "/espace/92/evaluations/",
            f"/espace/92/evaluations/{waiting.pk}/",
            f"/espace/92/evaluations/{submitted.pk}/",
        ],
        "calls-review",
    )

    # Applicants: a decided application (with its grant), a closed one of the previous
    # edition, a draft, the final report.
    page.context.clear_cookies()
    log_in(page, base, "manon.garnier@demo.example.org")
    _visit_all(
        page,
        base,
        [
            "/compte/candidatures/",
            f"/compte/candidatures/{accepted.pk}/",
            f"/compte/candidatures/{accepted.pk}/recepisse/",
            f"/compte/candidatures/{accepted.pk}/compte-rendu/",
        ],
        "calls-winner",
    )
    page.context.clear_cookies()
    log_in(page, base, "jeune@demo.example.org")
    closed = Application.objects.get(call=past_call, applicant__email="jeune@demo.example.org")
    _visit_all(
        page,
        base,
        ["/compte/candidatures/", f"/compte/candidatures/{closed.pk}/"],
        "calls-past",
    )
    page.context.clear_cookies()
    log_in(page, base, "ines.martin@demo.example.org")
    draft = open_call.applications.get(applicant__email="ines.martin@demo.example.org")
    _visit_all(
        page,
        base,
        [
            f"/compte/candidatures/{draft.pk}/",
            *[
                f"/compte/candidatures/{draft.pk}/modifier/{section}/"
                for section in ("porteur", "equipe", "projet", "budget", "pieces", "declaration")
            ],
            f"/compte/candidatures/{draft.pk}/deposer/",
            f"/compte/candidatures/{draft.pk}/supprimer/",
        ],
        "calls-draft",
    )
