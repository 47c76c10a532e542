"""CSV and XLSX exports of a department's filtered project list."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.http import StreamingHttpResponse

from common.spreadsheets import XLSX_CONTENT_TYPE
from cooperation import exports, services
from cooperation.models import CooperationProject, ProjectStatus, SustainableDevelopmentGoal
from tests.factories import PartnerTerritoryFactory, ThemeFactory
from tests.partners.helpers import french

pytestmark = pytest.mark.django_db

CSV_URL = "/espace/94/projets/export.csv"
XLSX_URL = "/espace/94/projets/export.xlsx"


@pytest.fixture
def tea(dept94, officer94, reference_data, artisans_du_monde) -> CooperationProject:
    """A published project of 94 with every column filled."""
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
        ],
        themes=[ThemeFactory(code="fair-trade")],
        sdg_goals=SustainableDevelopmentGoal.objects.filter(number__in=[12, 2]),
        start_date=date(2024, 1, 1),
        end_date=date(2027, 12, 31),
        total_budget=Decimal("120000.50"),
        department_contribution=Decimal("45000"),
    )
    services.project_partner_add(
        project=project, organisation=artisans_du_monde, role="lead", side="french"
    )
    services.project_publish(project=project)
    return project


@pytest.fixture
def youth(dept94, officer94) -> CooperationProject:
    """An unpublished project of 94 with little filled in, whose title looks like a formula."""
    return services.project_create(
        department=dept94,
        created_by=officer94,
        title="=Jeunes solidaires",
        kind="youth",
        status=ProjectStatus.IDEA,
    )


@pytest.fixture
def elsewhere(dept92, officer92) -> CooperationProject:
    return services.project_create(
        department=dept92, created_by=officer92, title="Projet des Hauts-de-Seine", kind="youth"
    )


def read_csv(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.active.iter_rows(values_only=True))


def test_csv_is_utf8_with_bom_semicolons_and_french_decimals(officer, tea, youth, elsewhere):
    response = officer.get(CSV_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="projets-94-')
    header, *rows = read_csv(response)
    assert header == [
        french(label)
        for label in (
            "Title",
            "Slug",
            "Kind",
            "Stage",
            "Department",
            "Partner territories",
            "Countries",
            "SDGs",
            "Themes",
            "Start",
            "End",
            "Total budget (€)",
            "Department's contribution (€)",
            "Published",
            "Public URL",
        )
    ]
    by_title = {row[0]: row for row in rows}
    assert set(by_title) == {"Filière du thé Shan de Yên Bái", "'=Jeunes solidaires"}
    row = by_title["Filière du thé Shan de Yên Bái"]
    assert row[1] == tea.slug
    assert row[4] == "Val-de-Marne (94)"
    assert row[5] == "Lào Cai, Yên Bái"
    assert row[7] == "2, 12"
    assert row[9:13] == ["2024-01-01", "2027-12-31", "120000,50", "45000,00"]
    assert row[13] == french("yes")
    assert row[14].endswith(f"/projets/{tea.slug}/")
    empty = by_title["'=Jeunes solidaires"]
    assert empty[9:15] == ["", "", "", "", french("no"), ""]


def test_csv_honours_the_filters_of_the_list(officer, tea, youth):
    def titles(query: str) -> set[str]:
        return {row[0] for row in read_csv(officer.get(CSV_URL + query))[1:]}

    assert titles("?status=idea") == {"'=Jeunes solidaires"}
    assert titles("?published=true") == {"Filière du thé Shan de Yên Bái"}
    assert titles("?q=thé") == {"Filière du thé Shan de Yên Bái"}
    assert titles("?kind=humanitarian") == set()


def test_xlsx_opens_with_numbers_and_dates_typed(officer, tea, youth, elsewhere):
    response = officer.get(XLSX_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    header, *rows = read_xlsx(response)
    assert header[0] == french("Title")
    assert len(header) == 15
    by_title = {row[0]: row for row in rows}
    assert set(by_title) == {"Filière du thé Shan de Yên Bái", "=Jeunes solidaires"}
    row = by_title["Filière du thé Shan de Yên Bái"]
    assert row[9] == datetime(2024, 1, 1)
    assert row[11] == pytest.approx(120000.50)
    assert isinstance(row[12], int | float)


def test_xlsx_keeps_a_title_starting_with_equals_as_text(officer, youth):
    response = officer.get(XLSX_URL)
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cell = workbook.active["A2"]

    assert cell.value == "=Jeunes solidaires"
    assert cell.data_type == "s"


def test_viewer_may_export_but_another_department_may_not(tea, viewer94, officer92, client_for):
    assert client_for(viewer94).get(CSV_URL).status_code == 200
    assert client_for(officer92).get(CSV_URL).status_code == 404
    assert client_for(officer92).get(XLSX_URL).status_code == 404
    rows = read_csv(client_for(officer92).get("/espace/92/projets/export.csv"))
    assert rows[1:] == []


def _projects(department, officer, count: int) -> None:
    goal = SustainableDevelopmentGoal.objects.get(number=12)
    theme = ThemeFactory(code="fair-trade")
    for n in range(count):
        services.project_create(
            department=department,
            created_by=officer,
            title=f"Projet {n}",
            kind="decentralised",
            territories=[PartnerTerritoryFactory(), PartnerTerritoryFactory()],
            sdg_goals=[goal],
            themes=[theme],
            total_budget=Decimal(1000 + n),
        )


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_export_query_count_does_not_grow_with_the_number_of_projects(
    url, officer, dept94, officer94, reference_data, django_assert_max_num_queries
):
    # 1 session, 2 user, 3 the person's memberships (partners.staff_security: staff or
    # not), 4 membership (staff_view), then one chunk of rows: 5 the projects (with their
    # department), 6-8 prefetch of territories, SDGs, themes.
    bound = 8
    _projects(dept94, officer94, 3)
    with django_assert_max_num_queries(bound):
        response = officer.get(url)
        content = b"".join(response.streaming_content)
    assert content

    _projects(dept94, officer94, 40)
    with django_assert_max_num_queries(bound):
        response = officer.get(url)
        content = b"".join(response.streaming_content)
    if url == CSV_URL:
        assert content.decode("utf-8-sig").count("\r\n") == 44
    else:
        assert len(read_xlsx(officer.get(url))) == 44


def test_csv_rows_are_read_in_chunks(monkeypatch, officer, dept94, officer94):
    """The CSV is streamed from `.iterator(chunk_size=…)`, never the whole list at once."""
    seen = []
    original = CooperationProject.objects.none().__class__.iterator

    def spy(self, chunk_size=None):
        if self.model is CooperationProject:
            seen.append(chunk_size)
        return original(self, chunk_size=chunk_size)

    monkeypatch.setattr(CooperationProject.objects.none().__class__, "iterator", spy)
    services.project_create(department=dept94, created_by=officer94, title="Un", kind="youth")

    read_csv(officer.get(CSV_URL))

    assert seen == [exports.CHUNK_SIZE]
