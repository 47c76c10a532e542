"""Issue 3's journeys in a real browser: an officer builds a project with its partners,
diagnostic, objective, indicator and an approved value, publishes it; another department
finds nothing of it; two sessions editing the project do not overwrite each other."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from cooperation.models import CooperationProject, MeasurementStatus
from partners.models import Organisation
from tests.e2e.helpers import check_axe, log_in, take_console_errors, visit
from tests.factories import OrganisationFactory, PartnerTerritoryFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def yen_bai(db):
    call_command("load_reference_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return PartnerTerritoryFactory(
        name="Province de Yên Bái",
        slug="province-de-yen-bai",
        country="VN",
        latitude=Decimal("21.72290"),
        longitude=Decimal("104.91130"),
    )


@pytest.fixture
def two_structures(dept94, artisans_du_monde) -> list[Organisation]:
    pole = OrganisationFactory(
        name="Pôle d’économie solidaire de Chevilly-Larue",
        slug="pole-chevilly-larue",
        department=dept94,
    )
    return [artisans_du_monde, pole]


def add_partner(page: Page, base: str, project_url: str, words: str, name: str) -> None:
    page.goto(f"{base}{project_url}partenaires/?q={words}")
    result = page.locator("li", has=page.get_by_role("heading", name=name))
    result.locator("select[name=role]").select_option("partner")
    result.locator("select[name=side]").select_option("french")
    result.get_by_role("button").click()
    expect(page.get_by_role("table").get_by_role("link", name=name)).to_be_visible()


def test_officer_builds_publishes_a_project_that_the_other_department_cannot_see(
    page: Page, live_server, officer94, officer92, yen_bai, two_structures, themes
):
    base = live_server.url
    log_in(page, base, officer94.email)
    visit(page, base + "/espace/94/projets/nouveau/", "project-new")
    page.locator("#id_title").fill("Filière de thé Shan bio et équitable")
    page.locator("#id_kind").select_option("decentralised")
    page.locator("#id_summary").fill("Structurer une filière de thé Shan bio et équitable.")
    page.locator("#id_territories").select_option(label="Province de Yên Bái (Viêt Nam)")
    page.locator("#id_sdg_targets").fill("2.3")
    page.locator("#id_start_date").fill("2024-01-01")
    page.locator("#id_end_date").fill("2027-12-31")
    page.locator("#id_total_budget").fill("125 000,50")
    page.locator("main form button[type=submit]").click()
    project = CooperationProject.objects.get(title="Filière de thé Shan bio et équitable")
    assert project.total_budget == Decimal("125000.50")
    project_url = f"/espace/94/projets/{project.slug}/"
    assert page.url.endswith(project_url)
    check_axe(page, "project-overview")

    for words, structure in zip(["artisans", "chevilly"], two_structures, strict=True):
        add_partner(page, base, project_url, words, structure.name)
    check_axe(page, "project-partners")

    visit(page, base + project_url + "diagnostic/", "project-diagnostic")
    page.locator("#id_section").select_option("needs")
    page.locator("#id_text").fill("Les producteurs manquent de débouchés équitables.")
    page.locator("#id_text").press("Tab")
    page.locator(
        "section[aria-labelledby=contribute-title] button[type=submit], "
        "section[aria-labelledby=contribute-title] input[type=submit]"
    ).click()
    expect(page.get_by_text("Les producteurs manquent de débouchés équitables.")).to_be_visible()
    check_axe(page, "project-diagnostic-written")

    visit(page, base + project_url + "objectifs/", "project-objectives")
    page.locator("#objective-title").fill("Réduire les pertes après récolte")
    page.locator("#objective-sdg_targets").fill("12.3")
    page.locator("section[aria-labelledby=add-objective-title] button[type=submit]").click()
    expect(page.get_by_text("Réduire les pertes après récolte").first).to_be_visible()
    check_axe(page, "project-objectives-added")
    assert project.sdg_targets.filter(code="12.3").exists()

    visit(page, base + project_url + "indicateurs/", "project-indicators")
    page.locator("#id_title").fill("Ménages producteurs certifiés bio")
    page.locator("#id_level").select_option("outcome")
    page.locator("#id_measure_type").select_option("number")
    page.locator("#id_unit").fill("ménages")
    page.locator("#id_baseline_value").fill("0")
    page.locator("#id_baseline_date").fill("2024-01-01")
    page.locator("#id_target_value").fill("300")
    page.locator("#id_target_date").fill("2027-12-31")
    page.locator("section[aria-labelledby=add-indicator-title] [type=submit]").click()
    indicator = project.indicators.get()
    check_axe(page, "project-indicator-added")

    visit(page, base + project_url + f"indicateurs/{indicator.pk}/", "indicator")
    page.locator("#id_period_start").fill("2024-01-01")
    page.locator("#id_period_end").fill("2024-12-31")
    page.locator("#id_value").fill("120")
    page.locator("button[name=action][value=submit]").click()
    page.locator("form[action$='/approuver/'] button").click()
    assert indicator.measurements.get().status == MeasurementStatus.APPROVED
    check_axe(page, "indicator-approved")

    visit(page, base + project_url, "project-ready")
    page.locator(f"form[action='{project_url}publier/'] button").click()
    project.refresh_from_db()
    assert project.is_public

    visit(page, base + f"/projets/{project.slug}/", "public-project")
    chart = page.locator("svg.chart")
    expect(chart).to_have_count(1)
    table = page.get_by_role("table", name="Ménages producteurs certifiés bio")
    expect(table).to_contain_text("120")
    expect(table).to_contain_text("300")

    # The officer of 92 finds nothing of this project in the 94 workspace.
    page.context.clear_cookies()
    log_in(page, base, officer92.email)
    for name, kwargs in [
        ("cooperation:staff_project_detail", {}),
        ("cooperation:staff_project_update", {}),
        ("cooperation:staff_project_partners", {}),
        ("cooperation:staff_project_diagnostic", {}),
        ("cooperation:staff_project_objectives", {}),
        ("cooperation:staff_project_indicators", {}),
        ("cooperation:staff_indicator_detail", {"pk": indicator.pk}),
        ("cooperation:staff_project_exchanges", {}),
        ("cooperation:staff_project_contributors", {}),
        ("cooperation:staff_project_documents", {}),
        ("cooperation:staff_project_history", {}),
    ]:
        path = reverse(name, kwargs={"code": "94", "slug": project.slug, **kwargs})
        assert page.goto(base + path).status == 404, path
    take_console_errors(page)


def test_two_sessions_editing_a_project_do_not_overwrite_each_other(
    browser, live_server, officer94, admin94, yen_bai
):
    from cooperation import services

    project = services.project_create(
        department=officer94.department_memberships.get().department,
        created_by=officer94,
        title="Cluster ESS Grande Région",
        kind="cross_border",
        summary="Texte d’origine.",
    )
    edit_url = f"{live_server.url}/espace/94/projets/{project.slug}/modifier/"
    first_context = browser.new_context(locale="fr-FR")
    second_context = browser.new_context(locale="fr-FR")
    first, second = first_context.new_page(), second_context.new_page()
    log_in(first, live_server.url, officer94.email)
    log_in(second, live_server.url, admin94.email)
    first.goto(edit_url)
    second.goto(edit_url)

    first.locator("#id_summary").fill("Texte de la première personne.")
    first.locator("main form button[type=submit]").click()
    second.locator("#id_summary").fill("Texte de la seconde personne.")
    second.locator("main form button[type=submit]").click()

    expect(second.locator("main")).to_contain_text(f"{officer94.full_name} a modifié")
    expect(second.locator("#id_summary")).to_have_value("Texte de la seconde personne.")
    check_axe(second, "project-concurrent-edit")
    project.refresh_from_db()
    assert project.summary == "Texte de la première personne."
    first_context.close()
    second_context.close()


def test_every_staff_page_of_a_project_is_accessible(
    page: Page, live_server, officer94, dept94, settings, tmp_path
):
    from tests.cooperation.test_permissions import STAFF_URLS, _world

    call_command("load_reference_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.MEDIA_ROOT = tmp_path
    world = _world(dept94, "94", officer94)
    log_in(page, live_server.url, officer94.email)
    pages = [
        url
        for url in STAFF_URLS
        if url.method == "GET"
        and url.name
        not in {
            "cooperation:staff_project_document",
            "cooperation:staff_measurement_evidence",
            "cooperation:staff_project_export_csv",
            "cooperation:staff_project_export_xlsx",
        }
    ]
    for url in pages:
        path = url.path("94", world)
        visit(page, live_server.url + path, url.name)
        assert page.locator("h1").count() == 1, path
