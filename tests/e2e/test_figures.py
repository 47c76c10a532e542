"""The public figures in a real browser: home, a department with its charts, a partner
territory and an SDG with its aggregated progress; axe-core clean, one h1 each.

Elements are found by structure and not by translated labels: the catalogue is updated
by another pass."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from cooperation import services
from cooperation.models import (
    IndicatorLevel,
    MeasureType,
    PartnerRole,
    ProjectKind,
    ProjectStatus,
    SdgTarget,
    SustainableDevelopmentGoal,
    TerritorySide,
)
from tests.e2e.helpers import check_axe, published, visit
from tests.factories import PartnerTerritoryFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEA = "Filière de thé Shan biologique et équitable"
INCUBATOR = "Incubateur d'économie sociale en Outaouais"


@pytest.fixture
def projects(dept94, dept92, officer94, artisans_du_monde, themes):
    call_command("load_reference_data", stdout=StringIO())
    yen_bai = PartnerTerritoryFactory(
        name="Province de Yen Bai",
        slug="yen-bai",
        country="VN",
        languages="vietnamien, tày",
        description="Province montagneuse du nord du Viêt Nam.",
        latitude=Decimal("21.72288"),
        longitude=Decimal("104.91130"),
    )
    outaouais = PartnerTerritoryFactory(name="Outaouais", slug="outaouais", country="CA")
    target_2_3 = SdgTarget.objects.get(code="2.3")
    tea = services.project_create(
        department=dept94,
        created_by=officer94,
        title=TEA,
        kind=ProjectKind.DECENTRALISED,
        status=ProjectStatus.IMPLEMENTATION,
        summary="Coopération décentralisée avec la province de Yen Bai.",
        start_date=date(2021, 1, 1),
        total_budget=Decimal("125000"),
        department_contribution=Decimal("45000"),
        territories=[yen_bai],
        themes=[themes["fair-trade"]],
        sdg_targets=[target_2_3, SdgTarget.objects.get(code="12.3")],
    )
    services.project_partner_add(
        project=tea,
        organisation=artisans_du_monde,
        role=PartnerRole.PARTNER,
        side=TerritorySide.FRENCH,
    )
    indicator = services.indicator_create(
        project=tea,
        title="Foyers producteurs certifiés bio",
        level=IndicatorLevel.OUTCOME,
        measure_type=MeasureType.NUMBER,
        baseline_value=Decimal(20),
        target_value=Decimal(300),
        sdg_targets=[target_2_3],
    )
    services.measurement_approve(
        measurement=services.measurement_create(
            indicator=indicator,
            reporter=officer94,
            period_start=date(2023, 1, 1),
            period_end=date(2023, 12, 31),
            value=Decimal(160),
            submit=True,
        ),
        officer=officer94,
    )
    services.delegation_create(
        department=dept94,
        project=tea,
        origin=yen_bai,
        arrival_date=date(2024, 5, 2),
        departure_date=date(2024, 5, 9),
        members="Délégation provinciale",
    )
    incubator = services.project_create(
        department=dept92,
        created_by=officer94,
        title=INCUBATOR,
        kind=ProjectKind.SOLIDARITY,
        status=ProjectStatus.CLOSED,
        summary="Un incubateur d'économie sociale.",
        territories=[outaouais, yen_bai],
        sdg_goals=[SustainableDevelopmentGoal.objects.get(number=8)],
    )
    return {"tea": published(tea), "incubator": published(incubator)}


def test_home_shows_key_figures_map_teaser_and_latest_projects(page: Page, live_server, projects):
    visit(page, f"{live_server.url}/", "home")
    assert page.locator("h1").count() == 1
    figures = page.locator("section[aria-labelledby=figures-title] dd.figure-value")
    expect(figures.first).to_have_text("2")
    expect(page.locator("section[aria-labelledby=map-title] a[href='/carte/']")).to_be_visible()
    latest = page.locator("section[aria-labelledby=projects-title]")
    expect(latest.get_by_role("link", name=TEA)).to_be_visible()
    expect(latest.get_by_role("link", name=INCUBATOR)).to_be_visible()
    assert page.locator("link[rel=canonical]").get_attribute("href") == f"{live_server.url}/"


def test_department_page_shows_charts_with_their_tables(page: Page, live_server, projects):
    visit(page, f"{live_server.url}/departements/94/", "department-94")
    assert page.locator("h1").count() == 1
    charts = page.locator("main figure.bar-chart svg[role=img]")
    expect(charts).to_have_count(4)
    expect(charts.first.locator("rect")).to_have_count(1)
    expect(page.locator("main table caption")).to_have_count(4)
    expect(page.get_by_text("125\u00a0000\u00a0€").first).to_be_visible()
    expect(page.locator("main a[href='/territoires/yen-bai/']")).to_be_visible()
    expect(page.locator("meta[property='og:title']")).to_have_attribute(
        "content", "Val-de-Marne (94)"
    )


def test_territory_page_lists_projects_of_every_department(page: Page, live_server, projects):
    visit(page, f"{live_server.url}/projets/{projects['tea'].slug}/", "project")
    page.locator("main a[href='/territoires/yen-bai/']").click()
    page.wait_for_load_state()
    check_axe(page, "territory-clicked")
    expect(page.get_by_role("heading", level=1)).to_have_text("Province de Yen Bai")
    assert page.locator("h1").count() == 1
    main = page.locator("main")
    expect(main.get_by_role("link", name=TEA)).to_be_visible()
    expect(main.get_by_role("link", name=INCUBATOR)).to_be_visible()
    expect(main.locator("a[href='/departements/94/']")).to_be_visible()
    expect(main.locator("a[href='/departements/92/']")).to_be_visible()


def test_sdg_page_shows_aggregated_progress(page: Page, live_server, projects):
    visit(page, f"{live_server.url}/odd/2/", "sdg-2")
    assert page.locator("h1").count() == 1
    progress = page.locator("section[aria-labelledby=progress-title] dd")
    # 1 indicator with a target, 1 measured, 0 reached, (160-20)/(300-20) = 50 %.
    expect(progress).to_have_text(["1", "1", "0", "50 %"])
