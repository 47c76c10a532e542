"""The project map (/carte/): its bounded data endpoint, its popups, its accessible list.

The endpoint answers aggregates per country (zoom ≤ 4), per grid cell (5–8) and points of
the visible area (≥ 9); it stays under 200 KB and a constant number of queries whatever
the number of projects; its ETag follows the data version, which every publication and
edit changes.
"""

import json
import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from cooperation import map_selectors, services
from cooperation.models import (
    CooperationProject,
    PartnerRole,
    ProjectKind,
    SustainableDevelopmentGoal,
    TerritorySide,
)
from partners.models import PartnerTerritory
from tests.factories import DepartmentFactory, PartnerTerritoryFactory

pytestmark = pytest.mark.django_db

DATA = reverse("cooperation:map_data")
TEA = "Filière de thé Shan biologique et équitable"
INCUBATOR = "Incubateur d'économie sociale en Outaouais"
MAX_BYTES = 200 * 1024


@pytest.fixture(autouse=True)
def _fresh_cache():
    caches["public"].clear()
    yield
    caches["public"].clear()


def _goal(number: int) -> SustainableDevelopmentGoal:
    return SustainableDevelopmentGoal.objects.get_or_create(
        number=number,
        defaults={
            "color": "#DDA63A",
            "short_title_fr": f"ODD {number}",
            "short_title_en": f"SDG {number}",
            "title_fr": f"Objectif {number}",
            "title_en": f"Goal {number}",
        },
    )[0]


def _project(department, title, territories, goals=(), *, public=True, slug=None):
    project = CooperationProject.objects.create(
        department=department,
        title=title,
        slug=slug or title.lower().replace(" ", "-").replace("'", "-")[:200],
        kind=ProjectKind.DECENTRALISED,
        summary=f"Résumé de « {title} ».",
        is_public=public,
        published_at=timezone.now() if public else None,
    )
    project.territories.set(territories)
    project.sdg_goals.set(goals)
    return project


@pytest.fixture
def hanoi(db):
    return PartnerTerritoryFactory(
        name="Hanoï",
        slug="hanoi",
        country="VN",
        latitude=Decimal("21.02776"),
        longitude=Decimal("105.83416"),
    )


@pytest.fixture
def cases(dept94, dept92, yen_bai, hanoi, outaouais):
    """Tea (94, Yên Bái, SDG 2), a Hanoi project (92, SDG 8), Outaouais (92, SDG 8) and a
    draft in Yên Bái (never shown)."""
    sdg2, sdg8 = _goal(2), _goal(8)
    return {
        "tea": _project(dept94, TEA, [yen_bai], [sdg2], slug="the-shan"),
        "hanoi": _project(dept92, "Jeunes solidaires à Hanoï", [hanoi], [sdg8], slug="hanoi"),
        "incubator": _project(dept92, INCUBATOR, [outaouais], [sdg8], slug="incubateur"),
        "draft": _project(dept94, "Brouillon secret", [yen_bai], [sdg2], public=False),
    }


def _get(client, **params):
    response = client.get(DATA, params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/json"
    return response, json.loads(response.content)


WORLD = "-180,-85,180,85"
VIETNAM_NORTH = "103,20,107,23"  # Yên Bái and Hanoi


# Levels


def test_low_zoom_gives_one_aggregate_per_country(client, cases):
    _response, data = _get(client, z=2, bbox=WORLD)
    assert data["level"] == "countries"
    by_country = {row["country"]: row for row in data["countries"]}
    assert set(by_country) == {"VN", "CA"}
    assert by_country["VN"]["count"] == 2  # the draft is not counted
    assert by_country["CA"]["count"] == 1
    # The centroid is the mean of the territories' coordinates.
    assert by_country["VN"]["lat"] == pytest.approx((21.72288 + 21.02776) / 2, abs=1e-3)
    assert by_country["VN"]["lng"] == pytest.approx((104.91130 + 105.83416) / 2, abs=1e-3)
    assert by_country["CA"]["lat"] == pytest.approx(45.47723, abs=1e-3)


def test_middle_zoom_gives_grid_cells_of_the_visible_area(client, cases):
    _response, data = _get(client, z=5, bbox=VIETNAM_NORTH)
    assert data["level"] == "cells"
    assert data["cell_size"] == pytest.approx(360 / 32 / 4)
    # Yên Bái and Hanoi fall in one cell of 2.8°; Outaouais is outside the box.
    assert [cell["count"] for cell in data["cells"]] == [2]
    _response, data = _get(client, z=8, bbox=VIETNAM_NORTH)
    assert sorted(cell["count"] for cell in data["cells"]) == [1, 1]
    _response, data = _get(client, z=6, bbox=WORLD)
    assert sum(cell["count"] for cell in data["cells"]) == 3


def test_high_zoom_gives_the_points_of_the_visible_area_with_their_department(
    client, cases, dept94
):
    _response, data = _get(client, z=10, bbox="104.5,21.5,105.2,22")
    assert data["level"] == "points"
    assert data["truncated"] is False
    points = [dict(zip(data["columns"], row, strict=True)) for row in data["points"]]
    assert points == [
        {
            "slug": "the-shan",
            "title": TEA,
            "territory": "Province de Yên Bái",
            "lat": pytest.approx(21.72288, abs=1e-4),
            "lng": pytest.approx(104.9113, abs=1e-4),
            "department_lat": pytest.approx(float(dept94.latitude), abs=1e-4),
            "department_lng": pytest.approx(float(dept94.longitude), abs=1e-4),
        }
    ]


def test_bbox_across_the_antimeridian_and_beyond_180(client, dept94):
    fiji = PartnerTerritoryFactory(
        country="FJ", latitude=Decimal("-17.7"), longitude=Decimal("178")
    )
    samoa = PartnerTerritoryFactory(
        country="WS", latitude=Decimal("-13.8"), longitude=Decimal("-172")
    )
    _project(dept94, "Fidji", [fiji], slug="fidji")
    _project(dept94, "Samoa", [samoa], slug="samoa")
    # Leaflet sends longitudes beyond 180 when the world repeats.
    _response, data = _get(client, z=9, bbox="170,-20,190,-10")
    assert sorted(row[0] for row in data["points"]) == ["fidji", "samoa"]
    _response, data = _get(client, z=9, bbox="-190,-20,-170,-10")
    assert sorted(row[0] for row in data["points"]) == ["fidji", "samoa"]
    _response, data = _get(client, z=9, bbox="175,-20,179,-10")
    assert [row[0] for row in data["points"]] == ["fidji"]


def test_missing_or_bad_parameters_fall_back(client, cases):
    _response, data = _get(client, z="abc", bbox="x")
    assert data["level"] == "countries"
    _response, data = _get(client, z=12)  # no box: every point, still capped
    assert {row[0] for row in data["points"]} == {"the-shan", "hanoi", "incubateur"}
    _response, data = _get(client, z=99, bbox="1,2,3")
    assert data["level"] == "points" and data["zoom"] == 18


@pytest.mark.parametrize("zoom", ["inf", "-inf", "1e309", "nan", "-1e309", "1e300"])
def test_non_finite_or_absurd_zoom_falls_back_instead_of_500(client, cases, zoom):
    page = client.get(reverse("cooperation:map"), {"z": zoom})
    assert page.status_code == 200
    response, data = _get(client, z=zoom)
    assert response.status_code == 200
    expected = 18 if zoom == "1e300" else 2
    assert data["zoom"] == expected
    assert map_selectors.parse_zoom(zoom) == expected


# Filters: the FilterSet of /projets/


def test_filters_apply_sdg_2_and_vietnam_leave_the_tea_project(client, cases):
    _response, data = _get(client, z=2, sdg=2, country="VN")
    assert data["countries"] == [
        {"country": "VN", "count": 1, "lat": pytest.approx(21.7229), "lng": pytest.approx(104.9113)}
    ]
    _response, data = _get(client, z=12, bbox=WORLD, sdg=2, country="VN")
    assert [row[0] for row in data["points"]] == ["the-shan"]
    _response, data = _get(client, z=12, sdg=8, department="92", q="Outaouais")
    assert [row[0] for row in data["points"]] == ["incubateur"]


def test_country_filter_keeps_only_that_countrys_territories(client, cases, outaouais):
    cases["tea"].territories.add(outaouais)
    _response, data = _get(client, z=2, country="VN")
    assert {row["country"] for row in data["countries"]} == {"VN"}


# Never an unpublished project


def test_unpublished_projects_never_appear(client, cases):
    for z in (2, 6, 12):
        response, _data = _get(client, z=z, bbox=WORLD)
        assert b"brouillon" not in response.content.lower()
    assert (
        client.get(reverse("cooperation:map_popup", args=[cases["draft"].slug])).status_code == 404
    )
    page = client.get(reverse("cooperation:map"))
    assert "Brouillon" not in page.content.decode()


# Size and queries at scale


@pytest.fixture
def many_projects(dept94, dept92):
    """6,000 published projects on 3,000 territories in 60 countries, with long titles."""
    rng = random.Random(4)
    codes = ["VN", "CA", "SN", "MA", "TN", "BF", "ML", "BJ", "TG", "CM", "MG", "HT", "LB", "DE"]
    codes += ["BE", "IT", "ES", "PT", "PL", "RO", "BG", "GR", "LU", "CH", "GB", "IE", "NL", "AT"]
    codes += ["CZ", "SK", "HU", "HR", "SI", "RS", "AL", "MK", "BA", "ME", "MD", "UA", "GE", "AM"]
    codes += ["AZ", "KZ", "UZ", "IN", "BD", "LK", "NP", "KH", "LA", "TH", "PH", "ID", "BR", "AR"]
    codes += ["CL", "PE", "BO", "CO"]
    territories = PartnerTerritory.objects.bulk_create(
        PartnerTerritory(
            name=f"Territoire partenaire numéro {n} " + "é" * 20,
            slug=f"territoire-{n}",
            kind="province",
            country=codes[n % len(codes)],
            latitude=Decimal(f"{rng.uniform(-50, 60):.5f}"),
            longitude=Decimal(f"{rng.uniform(-170, 170):.5f}"),
        )
        for n in range(3000)
    )
    # A dense area too: 1,500 territories around Dakar (high-zoom worst case).
    territories += PartnerTerritory.objects.bulk_create(
        PartnerTerritory(
            name=f"Quartier de Dakar {n}",
            slug=f"dakar-{n}",
            kind="city",
            country="SN",
            latitude=Decimal(f"{14.7 + rng.uniform(-0.2, 0.2):.5f}"),
            longitude=Decimal(f"{-17.45 + rng.uniform(-0.2, 0.2):.5f}"),
        )
        for n in range(1500)
    )
    now = timezone.now()
    departments = [dept94, dept92]
    projects = CooperationProject.objects.bulk_create(
        CooperationProject(
            department=departments[n % 2],
            title=f"Projet de coopération décentralisée numéro {n} " + "x" * 150,
            slug=f"projet-de-cooperation-decentralisee-numero-{n}-" + "x" * 150,
            kind=ProjectKind.DECENTRALISED,
            is_public=True,
            published_at=now - timedelta(minutes=n),
        )
        for n in range(6000)
    )
    Through = CooperationProject.territories.through
    Through.objects.bulk_create(
        Through(cooperationproject_id=project.pk, partnerterritory_id=territories[n % 4500].pk)
        for n, project in enumerate(projects)
    )
    return projects


DAKAR = "-17.7,14.45,-17.2,14.95"


@pytest.mark.parametrize(
    ("zoom", "bbox"),
    [(1, WORLD), (4, WORLD), (5, WORLD), (8, WORLD), (9, WORLD), (12, DAKAR), (18, DAKAR)],
)
def test_responses_stay_under_200_kb_with_thousands_of_projects(client, many_projects, zoom, bbox):
    response, data = _get(client, z=zoom, bbox=bbox)
    assert len(response.content) <= MAX_BYTES, (zoom, len(response.content))
    if data["level"] == "points":
        assert data["truncated"] is True
        assert 0 < len(data["points"]) <= map_selectors.MAX_POINTS


def test_query_count_does_not_grow_with_the_number_of_projects(
    client, cases, django_assert_max_num_queries
):
    def count_queries(params):
        caches["public"].clear()
        # and 1: the version of the public data (common.public_cache)
        with django_assert_max_num_queries(51) as captured:
            client.get(DATA, params)
        return len(captured.captured_queries)

    params = [{"z": 2}, {"z": 6, "bbox": WORLD}, {"z": 12, "bbox": WORLD, "department": "94"}]
    small = [count_queries(p) for p in params]
    caches["public"].clear()
    with django_assert_max_num_queries(50) as captured:
        client.get(reverse("cooperation:map"), {"sdg": "2"})
    small_page = len(captured.captured_queries)

    dept = DepartmentFactory(code="35")
    territories = [
        PartnerTerritoryFactory(country=c, latitude=Decimal("10"), longitude=Decimal(str(i)))
        for i, c in enumerate(["SN", "MA", "BR", "VN", "CA"])
    ]
    for n in range(40):
        _project(dept, f"Projet {n}", territories[n % 5 :], [_goal(2)], slug=f"projet-{n}")
    large = [count_queries(p) for p in params]
    with django_assert_max_num_queries(50) as captured:
        client.get(reverse("cooperation:map"), {"sdg": "2"})
    assert large == small
    assert len(captured.captured_queries) == small_page
    # Data version + the aggregate (+ the department of the filter): nothing per row.
    assert small[0] <= 3 and small[2] <= 4


# HTTP caching


def test_etag_last_modified_and_304(client, cases):
    response, _data = _get(client, z=2)
    etag = response["ETag"]
    assert etag.startswith('"') and response["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=60"
    again = client.get(DATA, {"z": 2}, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    # Another view or other filters: another ETag.
    assert client.get(DATA, {"z": 2, "sdg": 2})["ETag"] != etag
    assert client.get(DATA, {"z": 6})["ETag"] != etag
    # Nearby boxes at one zoom share one answer (the box is widened to whole cells).
    first = client.get(DATA, {"z": 10, "bbox": "104.51,21.51,105.2,22"})["ETag"]
    assert client.get(DATA, {"z": 10, "bbox": "104.52,21.52,105.19,21.99"})["ETag"] == first


def test_computed_json_is_cached_under_the_etag(client, cases, django_assert_num_queries):
    first, _data = _get(client, z=2)
    with django_assert_num_queries(1):  # the data version only
        second = client.get(DATA, {"z": 2})
    assert second.content == first.content


def test_publishing_and_editing_a_project_change_the_data_version(
    client, cases, dept94, officer94, yen_bai, artisans_du_monde
):
    before, data = _get(client, z=2, country="VN")
    assert data["countries"][0]["count"] == 2

    project = services.project_create(
        department=dept94,
        created_by=officer94,
        title="Nouvelle coopération au Vietnam",
        kind=ProjectKind.DECENTRALISED,
        summary="Un résumé.",
        territories=[yen_bai],
        sdg_goals=[_goal(2)],
    )
    services.project_partner_add(
        project=project,
        organisation=artisans_du_monde,
        role=PartnerRole.LEAD,
        side=TerritorySide.FRENCH,
    )
    # A draft changes the version too (harmless): but not what the map shows.
    drafted = client.get(DATA, {"z": 2, "country": "VN"}, headers={"if-none-match": before["ETag"]})
    assert drafted.status_code == 200
    assert json.loads(drafted.content)["countries"][0]["count"] == 2

    services.project_publish(project=project)
    published, data = _get(client, z=2, country="VN")
    assert published["ETag"] not in (before["ETag"], drafted["ETag"])
    assert data["countries"][0]["count"] == 3
    assert (
        client.get(
            DATA, {"z": 2, "country": "VN"}, headers={"if-none-match": published["ETag"]}
        ).status_code
        == 304
    )

    project.refresh_from_db()
    services.project_update(
        project=project, expected_version=project.version, title="Titre corrigé"
    )
    edited = client.get(DATA, {"z": 12, "country": "VN"}, headers={"if-none-match": "x"})
    assert "Titre corrigé" in edited.content.decode()
    assert client.get(DATA, {"z": 2, "country": "VN"})["ETag"] != published["ETag"]

    project.refresh_from_db()
    services.project_unpublish(project=project)
    _response, data = _get(client, z=2, country="VN")
    assert data["countries"][0]["count"] == 2


def test_editing_a_territory_changes_the_data_version(client, cases, yen_bai):
    before, _data = _get(client, z=12)
    yen_bai.latitude = Decimal("22.0")
    yen_bai.save()
    after, data = _get(client, z=12)
    assert after["ETag"] != before["ETag"]
    assert any(row[3] == 22.0 for row in data["points"])


# The popup


def test_popup_is_a_fragment_with_the_projects_summary_and_link(client, cases, dept94):
    response = client.get(reverse("cooperation:map_popup", args=["the-shan"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert TEA in html
    assert "Val-de-Marne" in html
    assert "Province de Yên Bái" in html
    assert "Résumé de" in html
    assert 'href="/projets/the-shan/"' in html
    assert client.get(reverse("cooperation:map_popup", args=["nope"])).status_code == 404


# The page and its accessible list


def test_map_page_lists_the_filtered_projects_by_country(client, cases):
    response = client.get(
        reverse("cooperation:map"), {"sdg": "2", "country": "VN", "z": "9", "lat": "21.7"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="country-VN"' in html
    assert 'id="country-CA"' not in html
    assert 'href="/projets/the-shan/"' in html
    assert "/projets/hanoi/" not in html
    # The map keeps the view of the address and its configuration in data-* attributes.
    assert 'data-zoom="9"' in html and 'data-lat="21.7"' in html
    assert f'data-data-url="{DATA}"' in html
    assert 'name="z" value="9"' in html
    assert "<script>" not in html and " style=" not in html


def test_map_page_caps_each_country_and_links_to_the_projects_page(client, dept94, yen_bai):
    for n in range(5):
        _project(dept94, f"Projet {n}", [yen_bai], slug=f"projet-{n}")
    html = client.get(reverse("cooperation:map"), {"kind": "decentralised"}).content.decode()
    assert html.count('href="/projets/projet-') == map_selectors.LIST_PROJECTS_PER_COUNTRY
    assert "/projets/?kind=decentralised&amp;country=VN" in html


def test_map_page_query_count_is_constant(client, cases, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert client.get(reverse("cooperation:map")).status_code == 200


def test_tile_settings_reach_the_page_and_the_csp(client, cases, settings):
    html = client.get(reverse("cooperation:map")).content.decode()
    assert f'data-tile-url="{settings.MAP_TILE_URL}"' in html
    assert (
        "https://tile.openstreetmap.org"
        in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
        or settings.MAP_TILE_URL != "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    )
