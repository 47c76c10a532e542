"""Public figures (home, department, partner territory, SDG pages), sitemap.xml and
canonical links: correct numbers on a small dataset, unpublished projects never counted,
and a number of queries that does not grow with the number of projects."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from cooperation import figures, services
from cooperation.models import (
    CooperationProject,
    IndicatorLevel,
    Measurement,
    MeasurementStatus,
    MeasureType,
    PartnerRole,
    ProjectKind,
    ProjectStatus,
    SdgTarget,
    TerritorySide,
)
from partners.models import OrganisationKind
from tests.factories import OrganisationFactory, PartnerTerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def target(code: str) -> SdgTarget:
    return SdgTarget.objects.get(code=code)


def publish(project: CooperationProject) -> CooperationProject:
    project.is_public = True
    project.published_at = timezone.now()
    project.save(update_fields=["is_public", "published_at"])
    return project


@pytest.fixture
def dataset(dept94, dept92, officer94, artisans_du_monde, yen_bai, outaouais, sdgs, themes):
    """94 runs two public projects (Vietnam, Canada) and one unpublished (Brazil); 92
    runs one public project with Canada, co-run by 94."""
    other_ess = OrganisationFactory(name="Coopérative du thé", department=dept94)
    town = OrganisationFactory(
        name="Ville de Gatineau", kind=OrganisationKind.LOCAL_AUTHORITY, legal_form=""
    )
    hidden_ess = OrganisationFactory(name="Structure du projet caché", department=dept94)
    brazil = PartnerTerritoryFactory(name="Recife", slug="recife", country="BR")

    def create(**fields):
        return services.project_create(created_by=officer94, **fields)

    tea = publish(
        create(
            department=dept94,
            title="Filière de thé Shan",
            kind=ProjectKind.DECENTRALISED,
            status=ProjectStatus.IMPLEMENTATION,
            summary="Thé biologique et équitable.",
            total_budget=Decimal("125000"),
            department_contribution=Decimal("45000.50"),
            territories=[yen_bai],
            sdg_targets=[target("2.3"), target("12.3")],
        )
    )
    youth = publish(
        create(
            department=dept94,
            title="Échanges de jeunes avec l'Outaouais",
            kind=ProjectKind.YOUTH,
            status=ProjectStatus.CLOSED,
            total_budget=Decimal("10000"),
            department_contribution=Decimal("4000"),
            territories=[outaouais],
            sdg_goals=[sdgs[4]],
        )
    )
    incubator = publish(
        create(
            department=dept92,
            co_departments=[dept94],
            title="Incubateur d'économie sociale",
            kind=ProjectKind.SOLIDARITY,
            status=ProjectStatus.CLOSED,
            total_budget=Decimal("50000"),
            department_contribution=Decimal("20000"),
            territories=[outaouais],
            sdg_goals=[sdgs[8]],
        )
    )
    hidden = create(
        department=dept94,
        title="Projet confidentiel",
        kind=ProjectKind.HUMANITARIAN,
        status=ProjectStatus.IDEA,
        total_budget=Decimal("999999"),
        department_contribution=Decimal("500000"),
        territories=[brazil],
        sdg_goals=[sdgs[17]],
    )
    for project, organisation in [
        (tea, artisans_du_monde),
        (tea, other_ess),
        (tea, town),
        (youth, artisans_du_monde),
        (incubator, town),
        (hidden, hidden_ess),
    ]:
        services.project_partner_add(
            project=project,
            organisation=organisation,
            role=PartnerRole.PARTNER,
            side=TerritorySide.FRENCH,
        )
    services.delegation_create(
        department=dept94,
        project=tea,
        origin=yen_bai,
        arrival_date=date(2024, 5, 2),
        departure_date=date(2024, 5, 9),
        members="Mme Nguyen, directrice provinciale",
    )
    return {"tea": tea, "youth": youth, "incubator": incubator, "hidden": hidden}


def _bars(chart) -> dict[str, int]:
    return {bar.label: bar.value for bar in chart.bars}


# Figures


def test_portal_figures_count_published_projects_only(dataset):
    result = figures.portal_figures()

    assert result.projects == 3
    assert result.departments_with_projects == 2
    assert result.partner_countries == 2  # Vietnam, Canada; not Brazil (unpublished)
    assert result.ess_structures_involved == 2  # Artisans du Monde, Coopérative du thé
    assert result.sdgs_served == 4  # 2 and 12 (from the targets), 4, 8; not 17
    assert result.structures == 3  # the directory: every published ESS structure
    assert result.departments_with_structures == 1


def test_portal_figures_of_an_empty_portal_are_zero(db):
    result = figures.portal_figures()
    assert (result.projects, result.partner_countries, result.structures) == (0, 0, 0)


def test_top_partner_countries(dataset):
    top = figures.top_partner_countries()
    assert [(country.code, country.projects) for country in top] == [("CA", 2), ("VN", 1)]


def test_department_figures_sum_the_amounts_of_public_projects(dataset):
    department = figures.department_with_figures(code="94")

    assert department.public_projects == 3  # two run, one co-run
    assert department.budget_total == Decimal("185000")  # 125 000 + 10 000 + 50 000
    assert department.contribution_total == Decimal("49000.50")  # the projects it runs
    assert department.ess_structures_involved == 2
    assert department.delegations_hosted == 1

    result = figures.department_figures(department=department)
    assert _bars(result.by_kind) == {
        "Coopération décentralisée": 1,
        "Mobilité et échanges de jeunes": 1,
        "Solidarité internationale": 1,
    }
    stages = _bars(result.by_stage)
    assert stages["Mise en œuvre"] == 1 and stages["Clôturé"] == 2
    assert sum(stages.values()) == 3
    assert _bars(result.countries) == {"Canada": 2, "Viêt Nam": 1}
    assert [bar.url for bar in result.sdgs.bars] == ["/odd/2/", "/odd/4/", "/odd/8/", "/odd/12/"]
    assert [str(delegation.origin.name) for delegation in result.delegations] == [
        "Province de Yên Bái"
    ]


def test_department_without_public_project_has_zero_and_no_chart(
    dataset, django_assert_num_queries
):
    department = figures.department_with_figures(code="92")
    assert department.public_projects == 1
    assert figures.department_with_figures(code="00") is None
    empty = figures.department_with_figures(code="13")
    assert (empty.public_projects, empty.budget_total, empty.contribution_total) == (
        0,
        Decimal(0),
        Decimal(0),
    )
    with django_assert_num_queries(0):
        result = figures.department_figures(department=empty)
    assert result.by_kind is None and result.delegations == []


def test_bar_chart_geometry():
    chart = figures.BarChart(
        id="c",
        title="t",
        description="d",
        label_header="l",
        value_header="v",
        bars=[figures.Bar("a", 4), figures.Bar("b", 1), figures.Bar("c", 0)],
    )
    assert [bar.width for bar in chart.bars] == [300, 75, 0]
    assert [bar.y for bar in chart.bars] == [4, 32, 60]
    assert chart.height == 92


def test_sdg_progress_uses_approved_measurements_of_public_projects(dataset, officer94, sdgs):
    tea, hidden = dataset["tea"], dataset["hidden"]

    def indicator(project, title, baseline, goal_value, values, status=MeasurementStatus.APPROVED):
        created = services.indicator_create(
            project=project,
            title=title,
            level=IndicatorLevel.OUTCOME,
            measure_type=MeasureType.NUMBER,
            baseline_value=Decimal(baseline),
            target_value=Decimal(goal_value),
            sdg_targets=[target("2.3")],
        )
        for year, value in enumerate(values, start=2022):
            Measurement.objects.create(
                indicator=created,
                period_start=date(year, 1, 1),
                period_end=date(year, 12, 31),
                value=Decimal(value),
                reporter=officer94,
                status=status,
                reviewed_at=timezone.now(),
            )
        return created

    indicator(tea, "Foyers certifiés", 20, 300, [80, 160])  # (160-20)/280 = 50 %
    indicator(tea, "Tonnes vendues", 0, 10, [12])  # 120 %: reached, counts 100 %
    indicator(tea, "Sans valeur approuvée", 0, 10, [9], status=MeasurementStatus.SUBMITTED)
    indicator(hidden, "Indicateur caché", 0, 10, [10])  # unpublished project
    services.indicator_create(
        project=tea,
        title="Sans cible",
        level=IndicatorLevel.OUTPUT,
        measure_type=MeasureType.NUMBER,
        sdg_targets=[target("2.3")],
    )

    progress = figures.sdg_indicator_progress(goal=sdgs[2])

    assert progress.with_target == 3
    assert progress.measured == 2
    assert progress.reached == 1
    assert progress.average_percent == Decimal(75)
    assert progress.truncated is False

    capped = figures.sdg_indicator_progress(goal=sdgs[2], limit=2)
    assert capped.with_target == 2 and capped.truncated is True


# Pages


def test_home_shows_the_key_figures_and_latest_projects(client, dataset):
    response = client.get("/")
    html = response.content.decode()

    assert response.status_code == 200
    assert response.context["figures"].projects == 3
    assert [p.title for p in response.context["latest_projects"]] == [
        "Incubateur d'économie sociale",
        "Échanges de jeunes avec l'Outaouais",
        "Filière de thé Shan",
    ]
    assert "Projet confidentiel" not in html
    assert 'href="/carte/"' in html
    assert html.count("<h1") == 1


def test_department_page_shows_its_figures_with_charts_and_tables(client, dataset):
    response = client.get("/departements/94/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "185\u00a0000\u00a0€" in html and "49\u00a0000,50\u00a0€" in html
    assert html.count('<svg viewBox="0 0 600') == 4
    assert html.count('role="img"') == 4
    assert " style=" not in html  # the CSP forbids inline styles
    assert html.count('<caption class="visually-hidden">') == 4  # each chart, its table
    assert "Projet confidentiel" not in html and "Brésil" not in html
    assert "Mme Nguyen" not in html  # members of a delegation are personal data
    assert '<meta property="og:title" content="Val-de-Marne (94)">' in html
    assert '<meta property="og:url" content="http://testserver/departements/94/">' in html


def test_territory_page_lists_public_projects_of_every_department(client, dataset):
    response = client.get("/territoires/outaouais/")
    html = response.content.decode()

    assert response.status_code == 200
    assert {p.title for p in response.context["page"].object_list} == {
        "Échanges de jeunes avec l'Outaouais",
        "Incubateur d'économie sociale",
    }
    assert [(d.code, d.project_count) for d in response.context["departments"]] == [
        ("92", 1),
        ("94", 1),
    ]
    assert html.count("<h1") == 1


def test_territory_page_hides_unpublished_projects_and_404s_unknown_slugs(client, dataset):
    response = client.get("/territoires/recife/")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert "Projet confidentiel" not in response.content.decode()
    assert client.get("/territoires/nulle-part/").status_code == 404


def test_project_page_links_its_territories(client, dataset):
    html = client.get(f"/projets/{dataset['tea'].slug}/").content.decode()
    assert 'href="/territoires/yen-bai/"' in html
    assert html.count('rel="canonical"') == 1


def test_sdg_page_shows_the_aggregated_progress(client, dataset):
    response = client.get("/odd/2/")
    assert response.status_code == 200
    assert response.context["progress"].with_target == 0
    assert 'id="progress-title"' in response.content.decode()


# SEO


def test_sitemap_lists_published_projects_only(client, dataset, settings):
    settings.SITE_URL = "https://cooperations.example.org"
    response = client.get("/sitemap.xml")
    xml = response.content.decode()

    assert response.status_code == 200
    locations = set(re.findall(r"<loc>([^<]+)</loc>", xml))
    base = "https://cooperations.example.org"
    assert f"{base}/" in locations
    assert f"{base}/projets/{dataset['tea'].slug}/" in locations
    assert f"{base}/projets/{dataset['hidden'].slug}/" not in locations
    assert f"{base}/departements/94/" in locations
    assert f"{base}/territoires/yen-bai/" in locations
    assert f"{base}/territoires/recife/" not in locations  # no public project
    assert f"{base}/odd/17/" in locations
    assert f"{base}/structures/artisans-du-monde/" in locations


@pytest.mark.parametrize(
    "path", ["/", "/projets/", "/odd/2/", "/departements/94/", "/territoires/yen-bai/"]
)
def test_every_page_has_one_canonical_link_without_query(client, dataset, path):
    html = client.get(path, {"page": "1"}).content.decode()
    assert html.count('rel="canonical"') == 1
    assert f'<link rel="canonical" href="http://testserver{path}">' in html


# Query counts: the same bound with few and with many projects


def _many_projects(count: int, *, department, territory, goal, sdg_target, theme, reporter):
    for number in range(count):
        project = publish(
            CooperationProject.objects.create(
                department=department,
                kind=list(ProjectKind.values)[number % 7],
                status=list(ProjectStatus.values)[number % 6],
                title=f"Projet {number:02d}",
                slug=f"projet-{number:02d}",
                summary="Coopération solidaire.",
                total_budget=Decimal(1000 + number),
                department_contribution=Decimal(500),
                start_date=date(2020 + number % 5, 1, 1),
            )
        )
        project.territories.add(territory)
        project.themes.add(theme)
        project.sdg_goals.add(goal)
        project.partners.create(
            organisation=OrganisationFactory(department=department),
            role=PartnerRole.PARTNER,
            side=TerritorySide.FRENCH,
        )
        indicator = services.indicator_create(
            project=project,
            title=f"Indicateur {number:02d}",
            level=IndicatorLevel.OUTPUT,
            measure_type=MeasureType.NUMBER,
            baseline_value=Decimal(0),
            target_value=Decimal(10),
            sdg_targets=[sdg_target],
        )
        Measurement.objects.create(
            indicator=indicator,
            period_start=date(2023, 1, 1),
            period_end=date(2023, 12, 31),
            value=Decimal(number % 12),
            reporter=reporter,
            status=MeasurementStatus.APPROVED,
            reviewed_at=timezone.now(),
        )
    services.delegation_create(
        department=department,
        origin=territory,
        arrival_date=date(2024, 5, 2),
        departure_date=date(2024, 5, 9),
        members="Délégation",
    )


@pytest.fixture
def many(request, dept94, yen_bai, sdgs, themes):
    count = request.param
    _many_projects(
        count,
        department=dept94,
        territory=yen_bai,
        goal=sdgs[2],
        sdg_target=target("2.3"),
        theme=themes["fair-trade"],
        reporter=UserFactory(),
    )
    return count


@pytest.mark.parametrize("many", [3, 30], indirect=True)
def test_home_query_count_does_not_grow(many, client, django_assert_max_num_queries):
    # 1: every key figure (one SELECT of scalar subqueries)
    # 2: the top partner countries
    # 3: the latest published projects, with their department (select_related)
    # 4: their territories (prefetch)
    # 5: their SDGs (prefetch)
    # 6: their themes (prefetch)
    # 7: the latest validated structures, with their department
    # 8: their themes (prefetch)
    # and 1: the open calls for projects (calls.selectors)
    # and 1: the version of the public data (common.public_cache)
    with django_assert_max_num_queries(11):
        response = client.get("/")
    assert response.context["figures"].projects == many


@pytest.mark.parametrize("many", [3, 30], indirect=True)
def test_department_page_query_count_does_not_grow(many, client, django_assert_max_num_queries):
    # 1: the department
    # 1b: the totals of its public projects (scalar subqueries)
    # 2: its public projects by kind and by stage (one aggregate)
    # 3: its partner countries
    # 4: its SDGs
    # 5: the latest delegations hosted, with their origin and project
    # 6: count of its ESS structures (paginator)
    # 7: one page of structures, with their department (select_related)
    # 8: their themes (prefetch)
    # and 2: its published calls (counted; no call, no figures) and its open calls
    # and 1: the version of the public data (common.public_cache)
    with django_assert_max_num_queries(12):
        response = client.get("/departements/94/")
    assert response.context["department"].public_projects == many


@pytest.mark.parametrize("many", [3, 30], indirect=True)
def test_territory_page_query_count_does_not_grow(many, client, django_assert_max_num_queries):
    # 1: the territory
    # 2: the departments involved, with their number of projects
    # 3: count of its public projects (paginator)
    # 4: one page of projects, with their department (select_related)
    # 5: their territories (prefetch)
    # 6: their SDGs (prefetch)
    # 7: their themes (prefetch)
    # and 1: the version of the public data (common.public_cache)
    with django_assert_max_num_queries(8):
        response = client.get("/territoires/yen-bai/")
    assert response.context["page"].paginator.count == many


@pytest.mark.parametrize("many", [3, 30], indirect=True)
def test_sdg_page_query_count_does_not_grow(many, client, django_assert_max_num_queries):
    # 1: the goal
    # 2: its targets (prefetch)
    # 3: count of its public projects (paginator)
    # 4: one page of projects, with their department (select_related)
    # 5-7: territories, SDGs and themes of the projects of the page (prefetch)
    # 8: count of the indicators serving the goal (paginator)
    # 9: one page of indicators, with their project (select_related)
    # 10: the indicators with a target considered for the progress (capped)
    # 11: their approved measurements (prefetch)
    # and 1: the version of the public data (common.public_cache)
    with django_assert_max_num_queries(12):
        response = client.get("/odd/2/")
    assert response.context["progress"].with_target == many


@pytest.mark.parametrize("many", [3, 30], indirect=True)
def test_sitemap_query_count_does_not_grow(many, client, django_assert_max_num_queries):
    # 1: the current site; 2-7: one query per section (pages need none, the paginator of
    # each queryset section counts its items then reads them: at most 2 × 5 + 1)
    with django_assert_max_num_queries(11):
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
