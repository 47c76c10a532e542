"""A visitor reads /donnees/ and downloads the open data files, in a real browser."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from cooperation import services
from cooperation.models import ProjectStatus, SustainableDevelopmentGoal
from tests.e2e.helpers import visit
from tests.factories import PartnerTerritoryFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DOWNLOADS = {
    "/donnees/projets.csv": "text/csv; charset=utf-8",
    "/donnees/projets.geojson": "application/geo+json",
    "/donnees/iati-activities.xml": "application/xml; charset=utf-8",
    "/donnees/subventions.csv": "text/csv; charset=utf-8",
}


@pytest.fixture
def tea(dept94, officer94, artisans_du_monde):
    call_command("load_reference_data", stdout=StringIO())
    project = services.project_create(
        department=dept94,
        created_by=officer94,
        title="Filière de thé Shan biologique et équitable",
        kind="decentralised",
        status=ProjectStatus.IMPLEMENTATION,
        summary="Une filière de thé biologique et équitable.",
        territories=[
            PartnerTerritoryFactory(
                name="Province de Yen Bai",
                country="VN",
                latitude=Decimal("21.72288"),
                longitude=Decimal("104.91130"),
            )
        ],
        sdg_goals=SustainableDevelopmentGoal.objects.filter(number__in=[2, 12]),
    )
    services.project_partner_add(
        project=project, organisation=artisans_du_monde, role="lead", side="french"
    )
    return services.project_publish(project=project)


def test_open_data_page_is_accessible_and_its_links_download(page: Page, live_server, tea):
    visit(page, live_server.url + "/donnees/", "open-data")

    expect(page.locator("h1")).to_have_count(1)
    links = page.locator("a[download]")
    expect(links).to_have_count(len(DOWNLOADS))
    hrefs = [links.nth(index).get_attribute("href") for index in range(links.count())]
    assert sorted(hrefs) == sorted(DOWNLOADS)
    for href in hrefs:
        response = page.request.get(live_server.url + href)
        assert response.status == 200, href
        assert response.headers["content-type"] == DOWNLOADS[href]
        if href == "/donnees/subventions.csv":  # no grant in this test: the header only
            assert response.text().startswith("nomAttribuant,idAttribuant,"), href
        else:
            assert "Filière de thé Shan" in response.text(), href

    with page.expect_download() as download_info:
        page.locator('a[href="/donnees/projets.csv"]').click()
    download = download_info.value
    assert download.suggested_filename.startswith("projets-publies-")
    assert download.suggested_filename.endswith(".csv")
