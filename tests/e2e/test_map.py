"""A visitor uses the project map (/carte/) in a real browser, with and without JavaScript.

The tiles come from a local blank tile (no network here); the markers, the list and the
popups come from the portal. Fields are found by their id, not their translated label.
"""

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cooperation.models import CooperationProject, ProjectKind, SustainableDevelopmentGoal
from tests.e2e.helpers import check_axe, screenshot_path, visit, watch_console
from tests.factories import PartnerTerritoryFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEA = "Filière de thé Shan biologique et équitable"
HANOI = "Jeunes solidaires à Hanoï"
INCUBATOR = "Incubateur d'économie sociale en Outaouais"


def _goal(number: int) -> SustainableDevelopmentGoal:
    return SustainableDevelopmentGoal.objects.create(
        number=number,
        color="#DDA63A",
        short_title_fr=f"ODD {number}",
        short_title_en=f"SDG {number}",
        title_fr=f"Objectif {number}",
        title_en=f"Goal {number}",
    )


def _project(department, title, slug, territory, goal):
    project = CooperationProject.objects.create(
        department=department,
        title=title,
        slug=slug,
        kind=ProjectKind.DECENTRALISED,
        summary=f"Résumé de « {title} ».",
        is_public=True,
        published_at=timezone.now(),
    )
    project.territories.set([territory])
    project.sdg_goals.set([goal])
    return project


@pytest.fixture(autouse=True)
def local_tiles(settings, live_server):
    settings.MAP_TILE_URL = f"{live_server.url}/static/img/blank-tile.png"


@pytest.fixture
def projects(dept94, dept92):
    sdg2, sdg8 = _goal(2), _goal(8)
    yen_bai = PartnerTerritoryFactory(
        name="Province de Yên Bái",
        country="VN",
        latitude=Decimal("21.72288"),
        longitude=Decimal("104.91130"),
    )
    hanoi = PartnerTerritoryFactory(
        name="Hanoï", country="VN", latitude=Decimal("21.02776"), longitude=Decimal("105.83416")
    )
    outaouais = PartnerTerritoryFactory(
        name="Outaouais",
        country="CA",
        latitude=Decimal("45.47723"),
        longitude=Decimal("-75.70164"),
    )
    _project(dept94, TEA, "the-shan", yen_bai, sdg2)
    _project(dept92, HANOI, "hanoi", hanoi, sdg8)
    _project(dept92, INCUBATOR, "incubateur", outaouais, sdg8)


def _map_view(page: Page) -> dict:
    return page.evaluate(
        """() => {
          const map = document.getElementById("map").leafletMap;
          const c = map.getCenter();
          return {z: map.getZoom(), lat: c.lat, lng: c.lng};
        }"""
    )


def test_filter_zoom_popup_and_shared_address(page: Page, live_server, projects):
    visit(page, f"{live_server.url}/carte/", "map-world")
    the_list = page.locator("#map-list")
    expect(the_list.get_by_role("link", name=TEA)).to_be_visible()
    expect(the_list.get_by_role("link", name=INCUBATOR)).to_be_visible()
    # At world zoom: one aggregate per country (Vietnam 2, Canada 1).
    expect(page.locator(".map-aggregate")).to_have_count(2)

    page.select_option("#id_sdg", "2")
    page.select_option("#id_country", "VN")
    expect(page).to_have_url(re.compile(r"sdg=2.*country=VN"))
    expect(the_list.get_by_role("link", name=HANOI)).to_have_count(0)
    expect(the_list.get_by_role("link", name=INCUBATOR)).to_have_count(0)
    expect(the_list.get_by_role("link", name=TEA)).to_be_visible()
    expect(page.locator(".map-aggregate")).to_have_count(1)
    expect(page.locator(".map-aggregate")).to_have_attribute("title", re.compile("1"))
    check_axe(page, "map-filtered")

    # Zooming in shows the project as a point, with its line to Val-de-Marne.
    page.locator(".map-aggregate").focus()
    page.keyboard.press("Enter")  # an aggregate zooms in on itself
    expect(page).to_have_url(re.compile(r"z=5"))
    expect(page.locator("#map")).to_have_attribute("data-level", "cells")
    page.evaluate("""() => document.getElementById("map").leafletMap.setView([21.7, 104.9], 10)""")
    expect(page.locator("#map")).to_have_attribute("data-level", "points")
    point = page.locator(".map-point")
    expect(point).to_have_count(1)
    expect(point).to_have_attribute("title", re.compile("Yên Bái"))
    expect(page.locator("path.map-line")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"z=10&lat=21\.7"))

    # Its popup, loaded on demand, links to its page (keyboard: focus, Enter).
    point.focus()
    page.keyboard.press("Enter")
    popup_link = page.locator(".leaflet-popup").get_by_role("link")
    expect(popup_link).to_have_attribute("href", "/projets/the-shan/")
    expect(page.locator(".leaflet-popup")).to_contain_text("Val-de-Marne")
    check_axe(page, "map-popup")

    # The shared address reopens the same view and filters.
    # (Opening the popup may have panned the map: the address follows, debounced.)
    page.wait_for_timeout(600)
    view = _map_view(page)
    expect(page).to_have_url(re.compile(rf"z=10&lat={view['lat']:.5f}&lng={view['lng']:.5f}"))
    shared = page.url
    page2 = page.context.new_page()
    watch_console(page2)
    visit(page2, shared, "map-shared")
    expect(page2.locator(".map-point")).to_have_count(1)
    reopened = _map_view(page2)
    assert reopened["z"] == view["z"] == 10
    assert reopened["lat"] == pytest.approx(view["lat"], abs=1e-3)
    assert reopened["lng"] == pytest.approx(view["lng"], abs=1e-3)
    expect(page2.locator("#id_sdg")).to_have_value("2")
    expect(page2.locator("#id_country")).to_have_value("VN")
    expect(page2.locator("#map-list").get_by_role("link", name=TEA)).to_be_visible()

    page2.close()
    popup_link.click()
    expect(page).to_have_url(f"{live_server.url}/projets/the-shan/")


def test_without_javascript_the_page_is_the_list(browser: Browser, live_server, projects):
    # (axe-core needs JavaScript: the same page is checked with it in the test above.)
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    try:
        response = page.goto(f"{live_server.url}/carte/")
        assert response is not None and response.status == 200
        expect(page.locator("#map-column")).to_be_hidden()
        expect(page.locator("#country-VN")).to_be_visible()
        expect(page.locator("#country-CA")).to_be_visible()
        page.select_option("#id_sdg", "2")
        page.locator("#map-filters button[type=submit]").click()
        page.wait_for_load_state()
        assert "sdg=2" in page.url
        the_list = page.locator("#map-list")
        expect(the_list.get_by_role("link", name=TEA)).to_be_visible()
        expect(the_list.get_by_role("link", name=HANOI)).to_have_count(0)
        expect(page.locator("#country-CA")).to_have_count(0)
        path = screenshot_path("map-no-js")
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
    finally:
        context.close()
