"""An invited partner, in a real browser: from the invitation e-mail to a submitted value.

The officer of Val-de-Marne invites a staff member of the province of Yen Bai on the tea
project; she signs up with the invited address, accepts, writes in the shared diagnostic
and submits an indicator value; the department's workspace stays closed to her. Every
page passes axe-core.
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from cooperation import services
from cooperation.models import (
    ContributorRole,
    DiagnosticContribution,
    IndicatorLevel,
    Measurement,
    MeasurementStatus,
    MeasureType,
    ProjectContributor,
)
from partners.models import User
from tests.e2e.helpers import check_axe, take_console_errors, visit
from tests.factories import PartnerTerritoryFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "linh.nguyen@yenbai.example.org"
PASSWORD = "une phrase de passe solide 2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def path_of(url: str) -> str:
    """``http://host/a/b/`` → ``/a/b/``: links in e-mails carry SITE_URL, not the live server."""
    return "/" + url.split("/", 3)[3]


def link_in_last_mail(pattern: str) -> str:
    found = re.search(rf"https?://\S*{re.escape(pattern)}\S*", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return path_of(found.group(0))


def test_invited_partner_contributes_and_finds_nothing_else(
    page: Page, live_server, officer94, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    project = services.project_create(
        department=officer94.department_memberships.get().department,
        created_by=officer94,
        title="Thé Shan de Yen Bai",
        kind="decentralised",
        summary="Une filière de thé Shan bio et équitable.",
        territories=[PartnerTerritoryFactory(name="Province de Yen Bai", country="VN")],
    )
    indicator = services.indicator_create(
        project=project,
        title="Tonnes de thé vendues sous commerce équitable",
        level=IndicatorLevel.OUTCOME,
        measure_type=MeasureType.NUMBER,
        unit="t",
        baseline_value=Decimal(0),
        baseline_date=date(2024, 1, 1),
        target_value=Decimal(50),
        target_date=date(2027, 12, 31),
        cumulative=True,
    )
    services.project_contributor_invite(
        project=project, email=EMAIL, role=ContributorRole.CONTRIBUTOR, invited_by=officer94
    )
    invitation_path = link_in_last_mail("/compte/projets/invitations/")

    # The link of the e-mail, opened by someone who has no account yet.
    visit(page, base + invitation_path, "invitation-anonymous")
    expect(page.locator("h1")).to_contain_text("Thé Shan de Yen Bai")
    page.locator("main a[href^='/compte/signup/']").click()
    check_axe(page, "signup")
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    check_axe(page, "verification-sent")

    visit(page, base + link_in_last_mail("/compte/confirm-email/"), "confirm-email")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    user = User.objects.get(email__iexact=EMAIL)

    # Logged in by the confirmation, she is back on the invitation (allauth kept `next`).
    assert page.url == base + invitation_path
    check_axe(page, "invitation")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/compte/projets/{project.slug}/")
    check_axe(page, "contributor-project")
    assert ProjectContributor.objects.get(project=project).user == user
    expect(page.locator("h1")).to_have_text("Thé Shan de Yen Bai")
    assert page.locator("main a[href*='/espace/']").count() == 0

    # Writes in the shared diagnostic.
    page.locator(f"nav.project-tabs a[href='/compte/projets/{project.slug}/diagnostic/']").click()
    check_axe(page, "contributor-diagnostic")
    page.locator("#id_section").select_option("needs")
    page.locator("#id_text").fill("Les coopératives de Yen Bai manquent de séchoirs à thé.")
    page.locator("#submit-id-submit").click()
    expect(
        page.get_by_text("Les coopératives de Yen Bai manquent de séchoirs à thé.")
    ).to_be_visible()
    check_axe(page, "contributor-diagnostic-written")
    contribution = DiagnosticContribution.objects.get(diagnostic__project=project)
    assert (contribution.author, contribution.section) == (user, "needs")

    # Submits a value of the indicator, with its evidence.
    page.locator(f"nav.project-tabs a[href='/compte/projets/{project.slug}/']").click()
    check_axe(page, "contributor-project-again")
    page.locator(
        f"main a[href='/compte/projets/{project.slug}/indicateurs/{indicator.pk}/']"
    ).first.click()
    check_axe(page, "contributor-indicator")
    page.locator("#id_period_start").fill("2025-01-01")
    page.locator("#id_period_end").fill("2025-12-31")
    page.locator("#id_value").fill("12,5")
    page.locator("#id_comment").fill("Ventes à Biocoop et Artisans du Monde.")
    page.locator("#id_evidence").set_input_files(
        {"name": "bordereau.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator("button[name=action][value=submit]").click()
    page.wait_for_load_state()
    check_axe(page, "contributor-indicator-submitted")
    measurement = Measurement.objects.get(indicator=indicator)
    assert measurement.status == MeasurementStatus.SUBMITTED
    assert measurement.reporter == user
    assert measurement.value == Decimal("12.5")
    assert measurement.evidence
    expect(
        page.locator(
            f"main a[href='/compte/projets/{project.slug}/mesures/{measurement.pk}/justificatif/']"
        )
    ).to_be_visible()

    # Nothing else of the department.
    for path in ("/espace/94/", f"/espace/94/projets/{project.slug}/"):
        response = page.goto(base + path)
        assert response.status == 404, path
        take_console_errors(page)  # the 404 itself is logged by the browser
        check_axe(page, "espace-94-not-found")
