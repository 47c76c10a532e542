"""Open data: /donnees/ and the CSV, GeoJSON and IATI 2.03 downloads of published projects."""

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db.models import QuerySet
from django.utils import timezone
from lxml import etree

from cooperation import opendata, services
from cooperation.models import (
    CooperationProject,
    IndicatorLevel,
    MeasureType,
    ProjectStatus,
    SdgTarget,
    SustainableDevelopmentGoal,
)
from tests.factories import OrganisationFactory, PartnerTerritoryFactory, ThemeFactory

pytestmark = pytest.mark.django_db

PAGE_URL = "/donnees/"
CSV_URL = "/donnees/projets.csv"
GEOJSON_URL = "/donnees/projets.geojson"
IATI_URL = "/donnees/iati-activities.xml"
SCHEMA_PATH = (
    Path(django_settings.BASE_DIR) / "cooperation" / "data" / "iati" / "iati-activities-schema.xsd"
)
SECRET_EMAIL = "secret-contact@example.org"


@pytest.fixture
def tea(dept94, officer94, reference_data, artisans_du_monde) -> CooperationProject:
    """A published project of 94 with every field filled, an indicator with one approved,
    one submitted and one draft value."""
    artisans_du_monde.public_email = SECRET_EMAIL
    artisans_du_monde.save(update_fields=["public_email"])
    project = services.project_create(
        department=dept94,
        created_by=officer94,
        title="Filière du thé Shan de Yên Bái",
        kind="decentralised",
        status=ProjectStatus.IMPLEMENTATION,
        summary="Une filière de thé biologique et équitable.",
        territories=[
            PartnerTerritoryFactory(
                name="Yên Bái", country="VN", latitude=Decimal("21.7"), longitude=Decimal("104.9")
            ),
            PartnerTerritoryFactory(name="Lào Cai", country="VN"),
            PartnerTerritoryFactory(
                name="Vientiane",
                country="LA",
                latitude=Decimal("17.97"),
                longitude=Decimal("102.6"),
            ),
        ],
        themes=[ThemeFactory(code="short-supply-chains")],
        sdg_goals=SustainableDevelopmentGoal.objects.filter(number__in=[12, 2]),
        sdg_targets=SdgTarget.objects.filter(code__in=["2.3"]),
        start_date=date(2024, 1, 1),
        end_date=date(2027, 12, 31),
        total_budget=Decimal("120000.50"),
        department_contribution=Decimal("45000"),
    )
    project.themes.add(artisans_du_monde.themes.get())
    services.project_partner_add(
        project=project, organisation=artisans_du_monde, role="lead", side="french"
    )
    services.project_partner_add(
        project=project,
        organisation=OrganisationFactory(name="Coopérative de Yên Bái", kind="company"),
        role="co_funder",
        side="partner",
    )
    indicator = services.indicator_create(
        project=project,
        title="Tonnes de thé vendues",
        level=IndicatorLevel.OUTCOME,
        measure_type=MeasureType.NUMBER,
        unit="t",
        baseline_value=Decimal("2"),
        baseline_date=date(2024, 1, 1),
        target_value=Decimal("12.5"),
        target_date=date(2024, 12, 31),
    )
    approved = services.measurement_create(
        indicator=indicator,
        reporter=officer94,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        value=Decimal("8.250"),
        submit=True,
    )
    services.measurement_approve(measurement=approved, officer=officer94)
    services.measurement_create(
        indicator=indicator,
        reporter=officer94,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
        value=Decimal("777"),
        submit=True,
    )
    services.measurement_create(
        indicator=indicator,
        reporter=officer94,
        period_start=date(2025, 7, 1),
        period_end=date(2025, 12, 31),
        value=Decimal("888"),
    )
    services.indicator_create(
        project=project,
        title="Qualité du dialogue entre producteurs",
        level=IndicatorLevel.OUTPUT,
        measure_type=MeasureType.QUALITATIVE,
    )
    return services.project_publish(project=project)


@pytest.fixture
def hidden(dept94, officer94) -> CooperationProject:
    """An unpublished project: it must appear in no download."""
    return services.project_create(
        department=dept94,
        created_by=officer94,
        title="Projet confidentiel",
        kind="youth",
        territories=[
            PartnerTerritoryFactory(
                name="Dakar", country="SN", latitude=Decimal("14.7"), longitude=Decimal("-17.4")
            )
        ],
    )


def body(response) -> bytes:
    assert response.streaming is True
    return b"".join(response.streaming_content)


def read_csv(response) -> list[list[str]]:
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def iati_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


# CSV


def test_csv_lists_published_projects_with_documented_columns(client, tea, hidden):
    response = client.get(CSV_URL)

    assert response.status_code == 200
    assert response.streaming is True
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="projets-publies-')
    header, *rows = read_csv(response)
    assert header == [column.name for column in opendata.CSV_COLUMNS]
    assert header == [
        "identifiant",
        "titre",
        "url",
        "departement_code",
        "departement_nom",
        "type",
        "etape",
        "date_debut",
        "date_fin",
        "territoires_partenaires",
        "pays_iso",
        "odd",
        "cibles_odd",
        "thematiques",
        "budget_total_eur",
        "contribution_departement_eur",
        "partenaires",
        "publie_le",
        "modifie_le",
    ]
    assert len(rows) == 1, "only the published project"
    row = dict(zip(header, rows[0], strict=True))
    assert row["titre"] == "Filière du thé Shan de Yên Bái", "accents intact"
    assert row["url"] == django_settings.SITE_URL + f"/projets/{tea.slug}/"
    assert row["departement_code"] == "94"
    assert row["departement_nom"] == "Val-de-Marne"
    assert (row["type"], row["etape"]) == ("decentralised", "implementation")
    assert (row["date_debut"], row["date_fin"]) == ("2024-01-01", "2027-12-31")
    assert row["territoires_partenaires"] == "Lào Cai|Vientiane|Yên Bái"
    assert row["pays_iso"] == "VN|LA"
    assert row["odd"] == "2|12"
    assert row["cibles_odd"] == "2.3"
    assert set(row["thematiques"].split("|")) == {"short-supply-chains", "fair-trade"}
    assert row["budget_total_eur"] == "120000,50", "decimal comma"
    assert row["contribution_departement_eur"] == "45000,00"
    assert "Artisans du Monde (lead, french)" in row["partenaires"].split("|")
    assert "Coopérative de Yên Bái (co_funder, partner)" in row["partenaires"].split("|")
    assert date.fromisoformat(row["publie_le"][:10]) == timezone.localdate()


def test_csv_of_no_project_has_the_header_only(client, db):
    header, *rows = read_csv(client.get(CSV_URL))

    assert header[0] == "identifiant"
    assert rows == []


def test_downloads_never_carry_unpublished_projects_or_emails(client, tea, hidden, officer94):
    for url in (CSV_URL, GEOJSON_URL, IATI_URL):
        text = body(client.get(url)).decode("utf-8")
        assert "Projet confidentiel" not in text, url
        assert hidden.slug not in text, url
        assert SECRET_EMAIL not in text, url
        assert officer94.email not in text, url


# GeoJSON


def test_geojson_has_one_point_per_located_territory(client, tea, hidden):
    response = client.get(GEOJSON_URL)

    assert response.status_code == 200
    assert response.streaming is True
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"].startswith("attachment;")
    collection = json.loads(body(response))
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert len(features) == 2, "Yên Bái and Vientiane; Lào Cai has no coordinates"
    by_territory = {feature["properties"]["territoire"]: feature for feature in features}
    yen_bai = by_territory["Yên Bái"]
    assert yen_bai["geometry"] == {"type": "Point", "coordinates": [104.9, 21.7]}
    assert yen_bai["properties"] == {
        "identifiant": tea.slug,
        "titre": "Filière du thé Shan de Yên Bái",
        "url": django_settings.SITE_URL + f"/projets/{tea.slug}/",
        "departement_code": "94",
        "departement_nom": "Val-de-Marne",
        "type": "decentralised",
        "etape": "implementation",
        "odd": [2, 12],
        "territoire": "Yên Bái",
        "pays_iso": "VN",
    }
    assert by_territory["Vientiane"]["properties"]["pays_iso"] == "LA"
    assert set(by_territory["Vientiane"]["properties"]) == {
        field.name for field in opendata.GEOJSON_PROPERTIES
    }


def test_geojson_of_no_project_is_an_empty_collection(client, db):
    assert json.loads(body(client.get(GEOJSON_URL))) == {
        "type": "FeatureCollection",
        "features": [],
    }


# IATI


def test_iati_of_the_fixture_is_valid_and_maps_the_project(client, tea, hidden):
    response = client.get(IATI_URL)

    assert response.status_code == 200
    assert response.streaming is True
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    document = etree.fromstring(body(response))
    schema = iati_schema()
    assert schema.validate(document), schema.error_log
    assert document.get("version") == "2.03"
    (activity,) = document.findall("iati-activity")
    assert activity.findtext("iati-identifier") == f"FR-DEP-94-{tea.slug}"
    reporting = activity.find("reporting-org")
    assert (reporting.get("ref"), reporting.get("type")) == ("FR-DEP-94", "11")
    assert reporting.findtext("narrative") == "Département du Val-de-Marne"
    assert activity.find("title/narrative").text == "Filière du thé Shan de Yên Bái"
    lang = activity.find("title/narrative").get("{http://www.w3.org/XML/1998/namespace}lang")
    assert lang == "fr"
    orgs = [
        (org.get("role"), org.get("type"), org.findtext("narrative"))
        for org in activity.findall("participating-org")
    ]
    assert orgs == [
        ("2", "11", "Département du Val-de-Marne"),
        ("1", "11", "Département du Val-de-Marne"),
        ("4", "22", "Artisans du Monde"),
        ("1", "70", "Coopérative de Yên Bái"),
    ]
    assert activity.find("activity-status").get("code") == "2"
    dates = [(d.get("type"), d.get("iso-date")) for d in activity.findall("activity-date")]
    assert dates == [("2", "2024-01-01"), ("3", "2027-12-31")]
    countries = [
        (c.get("code"), c.get("percentage")) for c in activity.findall("recipient-country")
    ]
    assert countries == [("VN", "50.00"), ("LA", "50.00")]
    sectors = activity.findall("sector")
    assert {(s.get("vocabulary"), s.get("code")) for s in sectors} == {
        ("1", "31120"),
        ("1", "32130"),
        ("99", "short-supply-chains"),
        ("99", "fair-trade"),
    }
    for vocabulary in ("1", "99"):
        assert sum(
            Decimal(s.get("percentage")) for s in sectors if s.get("vocabulary") == vocabulary
        ) == Decimal(100)
    tags = [(t.get("vocabulary"), t.get("code")) for t in activity.findall("tag")]
    assert tags == [("2", "2"), ("2", "12"), ("3", "2.3")]
    tea_result, quality_result = activity.findall("result")
    assert tea_result.get("type") == "2"
    indicator = tea_result.find("indicator")
    assert (indicator.get("measure"), indicator.get("ascending")) == ("1", "1")
    baseline = indicator.find("baseline")
    assert (baseline.get("year"), baseline.get("value")) == ("2024", "2")
    periods = indicator.findall("period")
    assert len(periods) == 1, "the approved measurement only"
    period = periods[0]
    assert period.find("period-start").get("iso-date") == "2024-01-01"
    assert period.find("target").get("value") == "12.5"
    assert period.find("actual").get("value") == "8.25"
    text = etree.tostring(document, encoding="unicode")
    assert "777" not in text and "888" not in text, "submitted and draft values stay private"
    assert quality_result.find("indicator").get("measure") == "5"
    assert quality_result.find("indicator").get("ascending") is None


def test_iati_of_the_demo_data_validates_against_the_schema(client, settings):
    settings.DEBUG = True
    call_command("load_reference_data", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    published = CooperationProject.objects.filter(is_public=True)
    assert published.count() >= 5

    document = etree.fromstring(body(client.get(IATI_URL)))

    schema = iati_schema()
    assert schema.validate(document), "\n".join(str(error) for error in schema.error_log)
    identifiers = document.xpath("iati-activity/iati-identifier/text()")
    assert sorted(identifiers) == sorted(
        f"FR-DEP-{code}-{slug}" for code, slug in published.values_list("department__code", "slug")
    )
    assert document.xpath("//result"), "the demo indicators are exported"
    for activity in document.findall("iati-activity"):
        shares = [
            Decimal(c.get("percentage", "100")) for c in activity.findall("recipient-country")
        ]
        assert not shares or sum(shares) == 100


def test_percentages_add_up_to_exactly_100():
    assert opendata.percentages(1) == [Decimal(100)]
    assert opendata.percentages(3) == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert sum(opendata.percentages(7)) == 100


# Query counts: constant whatever the number of projects (below one chunk of 500).


def _published_projects(count: int, *, department, officer, organisation, targets):
    goals = list(SustainableDevelopmentGoal.objects.filter(number__in=[2, 8]))
    for number in range(count):
        project = services.project_create(
            department=department,
            created_by=officer,
            title=f"Projet {number}",
            kind="solidarity",
            summary="Résumé.",
            start_date=date(2024, 1, 1) + timedelta(days=number),
            territories=[
                PartnerTerritoryFactory(
                    country="SN", latitude=Decimal("14.7"), longitude=Decimal("-17.4")
                )
            ],
            themes=[ThemeFactory()],
            sdg_goals=goals,
            sdg_targets=targets,
            total_budget=Decimal("1000"),
            department_contribution=Decimal("500"),
        )
        services.project_partner_add(
            project=project, organisation=organisation, role="partner", side="french"
        )
        services.indicator_create(
            project=project,
            title="Bénéficiaires",
            level=IndicatorLevel.OUTPUT,
            measure_type=MeasureType.NUMBER,
            target_value=Decimal("10"),
        )
        services.project_publish(project=project)


# CSV: the projects with their department (1), then per chunk one prefetch each for
# territories (2), SDGs (3), themes (4), SDG targets with their goal (5), partners with
# their organisation (6).
CSV_QUERIES = 6
# GeoJSON: the projects with their department (1), located territories (2), SDGs (3).
GEOJSON_QUERIES = 3
# IATI: the CSV's six, plus co-owning departments (7), indicators with their objective
# (8) and their approved measurements (9).
IATI_QUERIES = 9


@pytest.mark.parametrize("count", [1, 12])
def test_query_count_of_each_download_does_not_grow(
    client,
    django_assert_max_num_queries,
    reference_data,
    dept94,
    officer94,
    artisans_du_monde,
    count,
):
    _published_projects(
        count,
        department=dept94,
        officer=officer94,
        organisation=artisans_du_monde,
        targets=SdgTarget.objects.filter(code__in=["2.3", "8.3"]),
    )
    for url, queries in (
        (CSV_URL, CSV_QUERIES),
        (GEOJSON_URL, GEOJSON_QUERIES),
        (IATI_URL, IATI_QUERIES),
    ):
        with django_assert_max_num_queries(queries):
            content = body(client.get(url))
        assert content.count(b"Projet ") >= count, url


def test_exports_read_the_projects_by_chunks(client, tea, monkeypatch):
    seen = []
    original = QuerySet.iterator

    def spy(queryset, chunk_size=None):
        seen.append(chunk_size)
        return original(queryset, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    for url in (CSV_URL, GEOJSON_URL, IATI_URL):
        body(client.get(url))
    assert seen == [opendata.CHUNK_SIZE] * 3


# The page


def test_page_documents_every_dataset_and_links_the_downloads(
    client, tea, django_assert_max_num_queries
):
    # The dataset sizes (1), the themes (2); the session and the layout need no query.
    with django_assert_max_num_queries(4):
        response = client.get(PAGE_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for url in (CSV_URL, GEOJSON_URL, IATI_URL):
        assert f'href="{url}"' in html
    assert html.count("<caption") == html.count("<table")
    for field in opendata.CSV_COLUMNS + opendata.GEOJSON_PROPERTIES + opendata.IATI_ELEMENTS:
        assert f"<code>{field.name}</code>" in html
    assert "Licence Ouverte / Open Licence 2.0" in html
    assert opendata.LICENCE_URL in html
    assert 'id="thematiques"' in html


def test_downloads_refuse_writes(client, db):
    for url in (CSV_URL, GEOJSON_URL, IATI_URL, PAGE_URL):
        assert client.post(url).status_code == 405
