"""A visitor browses the cooperation projects and the SDGs, in a real browser.

Fields are found by their id and not by their label: the labels are translated by
another pass, and the test must not depend on the catalogue being up to date.
"""

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
    """Two published projects: Val-de-Marne – Yen Bai (SDG 2, Vietnam) with an indicator
    and approved values, and Hauts-de-Seine – Outaouais (SDG 8, Canada)."""
    call_command("load_reference_data", stdout=StringIO())
    yen_bai = PartnerTerritoryFactory(
        name="Province de Yen Bai",
        country="VN",
        latitude=Decimal("21.72288"),
        longitude=Decimal("104.91130"),
    )
    outaouais = PartnerTerritoryFactory(
        name="Outaouais",
        country="CA",
        latitude=Decimal("45.47723"),
        longitude=Decimal("-75.70164"),
    )
    target_2_3 = SdgTarget.objects.get(code="2.3")
    tea = services.project_create(
        department=dept94,
        created_by=officer94,
        title=TEA,
        kind=ProjectKind.DECENTRALISED,
        status=ProjectStatus.IMPLEMENTATION,
        summary="Coopération décentralisée avec la province de Yen Bai.",
        description="Certification biologique et commerce équitable du thé Shan.",
        start_date=date(2021, 1, 1),
        end_date=date(2026, 11, 27),
        total_budget=Decimal("125000"),
        department_contribution=Decimal("45000"),
        links="Site de la filière | https://the-shan.example.org/",
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
    objective = services.objective_create(
        project=tea, title="Certifier les producteurs", sdg_targets=[target_2_3]
    )
    indicator = services.indicator_create(
        project=tea,
        objective=objective,
        title="Foyers producteurs certifiés bio",
        level=IndicatorLevel.OUTCOME,
        measure_type=MeasureType.NUMBER,
        unit="foyers",
        baseline_value=Decimal(20),
        baseline_date=date(2021, 1, 1),
        target_value=Decimal(300),
        target_date=date(2026, 12, 31),
        sdg_targets=[target_2_3],
    )
    for year, value in ((2022, 80), (2023, 150), (2024, 210)):
        services.measurement_approve(
            measurement=services.measurement_create(
                indicator=indicator,
                reporter=officer94,
                period_start=date(year, 1, 1),
                period_end=date(year, 12, 31),
                value=Decimal(value),
                submit=True,
            ),
            officer=officer94,
        )
    incubator = services.project_create(
        department=dept92,
        created_by=officer94,
        title=INCUBATOR,
        kind=ProjectKind.SOLIDARITY,
        status=ProjectStatus.CLOSED,
        summary="Modèles et outils d'accompagnement pour l'incubateur de l'Outaouais.",
        start_date=date(2019, 3, 1),
        end_date=date(2022, 12, 31),
        territories=[outaouais],
        sdg_goals=[SustainableDevelopmentGoal.objects.get(number=8)],
    )
    return {"tea": published(tea), "incubator": published(incubator)}


def test_visitor_filters_projects_and_reads_one_with_its_indicator_chart(
    page: Page, live_server, projects
):
    visit(page, f"{live_server.url}/projets/", "projects")
    assert page.locator("h1").count() == 1
    results = page.locator("main section[aria-labelledby=results-title]")
    expect(results.get_by_role("link", name=TEA)).to_be_visible()
    expect(results.get_by_role("link", name=INCUBATOR)).to_be_visible()

    page.locator("#id_sdg").select_option("2")
    page.locator("#id_country").select_option("VN")
    page.locator("main form[role=search] button[type=submit]").click()
    page.wait_for_load_state()
    assert "sdg=2" in page.url and "country=VN" in page.url
    expect(results.get_by_role("link", name=TEA)).to_be_visible()
    expect(results.get_by_role("link", name=INCUBATOR)).to_have_count(0)
    expect(page.locator("#id_sdg")).to_have_value("2")
    check_axe(page, "projects-filtered")

    results.get_by_role("link", name=TEA).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TEA)
    assert page.locator("h1").count() == 1
    chart = page.locator("figure.indicator-chart svg[role=img]")
    expect(chart).to_be_visible()
    expect(chart.locator("circle")).to_have_count(3)
    expect(
        page.locator("table caption", has_text="Foyers producteurs certifiés bio")
    ).to_have_count(1)
    expect(page.get_by_text("125\u00a0000\u00a0€")).to_be_visible()
    expect(page.get_by_role("link", name="Artisans du Monde")).to_have_attribute(
        "href", "/structures/artisans-du-monde/"
    )
    check_axe(page, "project")


def test_visitor_browses_the_sdgs(page: Page, live_server, projects):
    visit(page, f"{live_server.url}/odd/", "sdgs")
    assert page.locator("h1").count() == 1
    cards = page.locator("main ul > li.col")
    expect(cards).to_have_count(17)
    expect(page.locator("main a[href='/odd/2/']")).to_be_visible()

    page.locator("main a[href='/odd/2/']").click()
    page.wait_for_load_state()
    check_axe(page, "sdg-2-clicked")

    visit(page, f"{live_server.url}/odd/2/", "sdg-2")
    assert page.locator("h1").count() == 1
    expect(page.locator("main dl dt", has_text="2.3")).to_have_count(1)
    expect(page.locator("main").get_by_role("link", name=TEA).first).to_be_visible()
    expect(
        page.locator("main table").get_by_text("Foyers producteurs certifiés bio")
    ).to_be_visible()
    expect(page.locator("main").get_by_role("link", name=INCUBATOR)).to_have_count(0)


def test_filters_work_without_javascript(browser, live_server, projects):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/projets/")
    page.locator("#id_country").select_option("CA")
    page.locator("main form[role=search] button[type=submit]").click()
    page.wait_for_load_state()
    assert "country=CA" in page.url
    expect(page.locator("main").get_by_role("link", name=INCUBATOR)).to_be_visible()
    expect(page.locator("main").get_by_role("link", name=TEA)).to_have_count(0)
    context.close()
