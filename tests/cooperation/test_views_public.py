"""Public pages of the cooperation projects and of the 17 SDGs.

Only published projects reach the public, and of a project only its public fields: no
personal e-mail, no draft, submitted or returned measurement, no reviewer's note, no
diagnostic, no exchange. The query count of every list stays the same whatever the
number of rows (as in healthchecks' view tests, each query the page may make is written
down next to the bound).
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import gettext

from cooperation import services
from cooperation.models import (
    ContributorRole,
    CooperationProject,
    IndicatorLevel,
    MeasureType,
    PartnerRole,
    ProjectContributor,
    ProjectKind,
    ProjectStatus,
    SdgTarget,
    SustainableDevelopmentGoal,
    TerritorySide,
)
from partners.models import OrganisationKind
from tests.factories import (
    DepartmentFactory,
    OrganisationFactory,
    PartnerTerritoryFactory,
    UserFactory,
)

# Fixed days of the cases (2025, 2026, 2027) stand beside dates counted from today: the
# clock is set to the day they were written (conftest ``clock_of_the_cases``).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_of_the_cases")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def target(code: str) -> SdgTarget:
    return SdgTarget.objects.get(code=code)


def publish(project: CooperationProject) -> CooperationProject:
    project.is_public = True
    project.published_at = timezone.now()
    project.save(update_fields=["is_public", "published_at"])
    return project


@pytest.fixture
def tea(dept94, officer94, yen_bai, sdgs, themes):
    """Val-de-Marne – Yen Bai: the Shan tea chain, published, running 2021–2026."""
    return publish(
        services.project_create(
            department=dept94,
            created_by=officer94,
            title="Filière de thé Shan biologique et équitable",
            kind=ProjectKind.DECENTRALISED,
            status=ProjectStatus.IMPLEMENTATION,
            summary="Coopération décentralisée avec la province de Yen Bai.",
            description="Certification biologique et commerce équitable du thé Shan.",
            start_date=date(2021, 1, 1),
            end_date=date(2026, 11, 27),
            total_budget=Decimal("125000.00"),
            department_contribution=Decimal("45000.50"),
            co_funders="Agence française de développement",
            links="Site de la filière | https://the-shan.example.org/\n"
            "javascript:alert(1)\n"
            "https://biocoop.example.org/yen-bai\n",
            territories=[yen_bai],
            themes=[themes["fair-trade"]],
            sdg_targets=[target("2.3"), target("12.3")],
        )
    )


@pytest.fixture
def incubator(dept92, officer94, outaouais, sdgs, themes):
    """Hauts-de-Seine – Outaouais: an ESS incubator, published, 2019–2022, closed."""
    return publish(
        services.project_create(
            department=dept92,
            created_by=officer94,
            title="Incubateur d'économie sociale en Outaouais",
            kind=ProjectKind.SOLIDARITY,
            status=ProjectStatus.CLOSED,
            summary="Modèles et outils d'accompagnement pour l'incubateur de l'Outaouais.",
            start_date=date(2019, 3, 1),
            end_date=date(2020, 12, 31),
            territories=[outaouais],
            themes=[themes["insertion"]],
            sdg_goals=[sdgs[8]],
        )
    )


@pytest.fixture
def unpublished(dept94, officer94, yen_bai, sdgs, themes):
    """A project of 94 not published yet: invisible to the public everywhere."""
    project = services.project_create(
        department=dept94,
        created_by=officer94,
        title="Projet confidentiel de coopération",
        kind=ProjectKind.DECENTRALISED,
        status=ProjectStatus.IMPLEMENTATION,
        summary="Coopération en préparation.",
        start_date=date(2022, 1, 1),
        territories=[yen_bai],
        themes=[themes["fair-trade"]],
        sdg_targets=[target("2.3")],
    )
    services.indicator_create(
        project=project,
        title="Indicateur confidentiel",
        level=IndicatorLevel.OUTPUT,
        measure_type=MeasureType.NUMBER,
        sdg_targets=[target("2.3")],
    )
    return project


def listed_titles(response) -> list[str]:
    return [project.title for project in response.context["page"].object_list]


# /projets/: filters and search


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["tea", "incubator"]),
        ({"kind": ProjectKind.DECENTRALISED}, ["tea"]),
        ({"kind": ProjectKind.SOLIDARITY}, ["incubator"]),
        ({"kind": ProjectKind.HUMANITARIAN}, []),
        ({"sdg": "2"}, ["tea"]),
        ({"sdg": "12"}, ["tea"]),
        ({"sdg": "8"}, ["incubator"]),
        ({"sdg": "17"}, []),
        ({"theme": "fair-trade"}, ["tea"]),
        ({"theme": "insertion"}, ["incubator"]),
        ({"department": "94"}, ["tea"]),
        ({"department": "92"}, ["incubator"]),
        ({"country": "VN"}, ["tea"]),
        ({"country": "CA"}, ["incubator"]),
        ({"country": "BE"}, []),
        ({"status": ProjectStatus.IMPLEMENTATION}, ["tea"]),
        ({"status": ProjectStatus.CLOSED}, ["incubator"]),
        ({"year": "2019"}, ["incubator"]),
        ({"year": "2020"}, ["incubator"]),
        ({"year": "2021"}, ["tea"]),
        ({"year": "2026"}, ["tea"]),
        ({"q": "cooperation"}, ["tea"]),
        ({"q": "Coopération décentralisée"}, ["tea"]),
        ({"q": "incubateurs"}, ["incubator"]),
        ({"q": "boulangerie"}, []),
        ({"sdg": "2", "country": "CA"}, []),
        ({"theme": "fair-trade", "year": "2025", "q": "thé"}, ["tea"]),
    ],
    ids=lambda value: (
        "&".join(f"{k}={v}" for k, v in value.items()) or "none"
        if isinstance(value, dict)
        else None
    ),
)
def test_project_filter_keeps_only_matching_projects(
    query, expected, client, tea, incubator, unpublished
):
    projects = {"tea": tea, "incubator": incubator}

    response = client.get("/projets/", query)

    assert response.status_code == 200
    assert listed_titles(response) == [projects[name].title for name in expected]
    assert unpublished.title not in response.content.decode()


def test_project_filter_by_department_includes_co_owned_projects(client, incubator, dept94):
    incubator.co_departments.add(dept94)

    response = client.get("/projets/", {"department": "94"})

    assert listed_titles(response) == [incubator.title]


def test_project_filter_ignores_invalid_values_and_says_why_next_to_the_field(
    client, tea, incubator
):
    response = client.get("/projets/", {"sdg": "18", "kind": "piracy", "country": "CA"})

    assert response.status_code == 200
    assert set(response.context["filter"].errors) == {"sdg", "kind"}
    assert 'id="error_1_id_sdg"' in response.content.decode()
    assert listed_titles(response) == [incubator.title]


def test_project_list_shows_each_project_in_short(client, tea, incubator, sdgs):
    response = client.get("/projets/")
    html = response.content.decode()

    assert f'href="/projets/{tea.slug}/"' in html
    assert "Val-de-Marne (94)" in html
    assert "Province de Yên Bái (Viêt Nam)" in html
    assert "Outaouais (Canada)" in html
    assert capfirst(str(ProjectKind.DECENTRALISED.label)) in html
    assert capfirst(str(ProjectStatus.CLOSED.label)) in html
    assert "1 janvier 2021" in html and "27 novembre 2026" in html
    assert 'class="sdg-badge sdg-2 ' in html and 'class="sdg-badge sdg-12 ' in html
    assert f'title="{escape(sdgs[2].short_title_fr)}"' in html
    assert "Coopération décentralisée avec la province de Yen Bai." in html


def test_project_list_says_so_when_empty(client, sdgs):
    response = client.get("/projets/", {"q": "boulangerie"})

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert "<article" not in response.content.decode()
    with translation.override("fr"):
        message = gettext("No project matches these criteria. Try fewer filters or other words.")
    assert escape(message) in response.content.decode()


def test_project_list_is_paginated_and_keeps_the_filters(client, dept94, officer94, sdgs, settings):
    settings.PAGE_SIZE = 20
    for number in range(25):
        publish(
            CooperationProject.objects.create(
                department=dept94,
                kind=ProjectKind.YOUTH,
                title=f"Échange de jeunes {number:02d}",
                slug=f"echange-{number:02d}",
                start_date=date(2024, 1, 1),
            )
        )

    first = client.get("/projets/", {"kind": ProjectKind.YOUTH})
    second = client.get("/projets/", {"kind": ProjectKind.YOUTH, "page": 2})

    assert first.context["page"].paginator.num_pages == 2
    assert len(listed_titles(first)) == 20
    assert len(listed_titles(second)) == 5
    assert f'href="?kind={ProjectKind.YOUTH}&amp;page=2"' in first.content.decode()


# /projets/<slug>/


@pytest.fixture
def tea_world(tea, officer94, artisans_du_monde, yen_bai, dept94):
    """The tea project with partners, objectives, an indicator and measurements in every
    state, documents, contributors and the internal life of the project."""
    services.project_partner_add(
        project=tea,
        organisation=artisans_du_monde,
        role=PartnerRole.PARTNER,
        side=TerritorySide.FRENCH,
        contribution="Vente du thé dans ses boutiques.",
    )
    pending = OrganisationFactory(
        name="Pôle d'économie solidaire en attente", department=dept94, pending=True
    )
    services.project_partner_add(
        project=tea, organisation=pending, role=PartnerRole.EXPERT, side=TerritorySide.FRENCH
    )
    province = OrganisationFactory(
        name="Comité populaire de la province de Yen Bai",
        kind=OrganisationKind.LOCAL_AUTHORITY,
        legal_form="",
        department=None,
        country="VN",
        public_email="contact@yenbai.example.org",
    )
    services.project_partner_add(
        project=tea, organisation=province, role=PartnerRole.LEAD, side=TerritorySide.PARTNER
    )
    objective = services.objective_create(
        project=tea,
        title="Certifier les producteurs en agriculture biologique",
        sdg_targets=[target("2.3")],
    )
    indicator = services.indicator_create(
        project=tea,
        objective=objective,
        title="Foyers producteurs certifiés bio",
        level=IndicatorLevel.OUTCOME,
        measure_type=MeasureType.NUMBER,
        unit="foyers",
        baseline_value=Decimal("20"),
        baseline_date=date(2021, 1, 1),
        target_value=Decimal("300"),
        target_date=date(2026, 11, 27),
        sdg_targets=[target("2.3")],
    )
    contributor = UserFactory(email="nguyen.personne@yenbai.example.org", full_name="Nguyen Van")
    ProjectContributor.objects.create(
        project=tea, user=contributor, role=ContributorRole.CONTRIBUTOR, organisation=province
    )
    services.project_contributor_invite(
        project=tea,
        email="invitee.personne@yenbai.example.org",
        role=ContributorRole.READER,
        invited_by=officer94,
    )

    def measurement(value, period_end, state):
        m = services.measurement_create(
            indicator=indicator,
            reporter=contributor,
            period_start=date(period_end.year, 1, 1),
            period_end=period_end,
            value=Decimal(value),
            comment=f"Commentaire interne {value}",
            submit=state != "draft",
        )
        if state == "approved":
            services.measurement_approve(measurement=m, officer=officer94)
        elif state == "returned":
            services.measurement_return(
                measurement=m, officer=officer94, note="Note de relecture à corriger"
            )
        return m

    approved = measurement("137.5", date(2022, 12, 31), "approved")
    measurement("863.25", date(2023, 12, 31), "submitted")
    measurement("791.75", date(2024, 6, 30), "draft")
    measurement("659.5", date(2024, 12, 31), "returned")

    services.diagnostic_contribution_add(
        project=tea,
        author=contributor,
        section="context",
        text="Texte interne du diagnostic partagé",
    )
    exchange = services.exchange_create(
        project=tea,
        date=date(2024, 3, 1),
        kind="meeting",
        title="Réunion interne de suivi",
        participants="Équipe du département",
        notes="Notes internes de la réunion",
    )
    services.follow_up_action_create(
        exchange=exchange,
        description="Action de suivi interne",
        owner=officer94,
        due_date=date(2024, 4, 1),
    )
    public_document = services.project_document_add(
        project=tea,
        title="Rapport annuel public",
        file=SimpleUploadedFile("rapport.pdf", PDF, content_type="application/pdf"),
        is_public=True,
        uploaded_by=officer94,
    )
    private_document = services.project_document_add(
        project=tea,
        title="Convention interne signée",
        file=SimpleUploadedFile("convention.pdf", PDF, content_type="application/pdf"),
        is_public=False,
        uploaded_by=officer94,
    )
    return {
        "project": tea,
        "indicator": indicator,
        "approved": approved,
        "contributor": contributor,
        "public_document": public_document,
        "private_document": private_document,
    }


def test_project_page_shows_the_public_fields(client, tea_world, artisans_du_monde):
    project = tea_world["project"]

    response = client.get(f"/projets/{project.slug}/")
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Coopération décentralisée avec la province de Yen Bai." in html
    assert "Certification biologique et commerce équitable du thé Shan." in html
    assert capfirst(str(ProjectKind.DECENTRALISED.label)) in html
    assert capfirst(str(ProjectStatus.IMPLEMENTATION.label)) in html
    assert "1 janvier 2021" in html and "27 novembre 2026" in html
    assert "Val-de-Marne" in html
    assert "Province de Yên Bái (Viêt Nam)" in html
    # Money: French thousand separator, a non-breaking space before the euro sign.
    assert "125\xa0000\xa0€" in html
    assert "45\xa0000,50\xa0€" in html
    assert "Agence française de développement" in html
    # SDGs and targets, in French.
    assert 'href="/odd/2/"' in html and 'href="/odd/12/"' in html
    assert "2.3" in html and escape(target("2.3").title_fr) in html
    assert "12.3" in html
    # Objectives, and the indicator with its chart and table.
    assert "Certifier les producteurs en agriculture biologique" in html
    assert "Foyers producteurs certifiés bio" in html
    assert '<svg viewBox="0 0 600 260"' in html
    assert "<caption>" in html
    # Open Graph and canonical address.
    assert '<meta property="og:title" content="Filière de thé Shan biologique et équitable">' in (
        html
    )
    assert '<meta property="og:type" content="article">' in html
    assert (
        '<meta property="og:description" '
        'content="Coopération décentralisée avec la province de Yen Bai.">' in html
    )
    assert f'<link rel="canonical" href="http://testserver/projets/{project.slug}/">' in html


def test_project_page_groups_partners_by_side_and_links_published_structures(
    client, tea_world, artisans_du_monde
):
    response = client.get(f"/projets/{tea_world['project'].slug}/")
    html = response.content.decode()
    sides = {
        side: [p.organisation.name for p in partners]
        for side, _label, partners in response.context["partner_sides"]
    }

    assert sides == {
        TerritorySide.FRENCH: ["Artisans du Monde", "Pôle d'économie solidaire en attente"],
        TerritorySide.PARTNER: ["Comité populaire de la province de Yen Bai"],
    }
    assert '<a href="/structures/artisans-du-monde/">Artisans du Monde</a>' in html
    assert str(PartnerRole.LEAD.label) in html
    # Neither a structure awaiting validation nor a local authority has a public page.
    assert re.findall(r'href="/structures/([^"]+)/"', html) == ["artisans-du-monde"]


def test_project_page_shows_approved_measurements_only(client, tea_world):
    response = client.get(f"/projets/{tea_world['project'].slug}/")
    html = response.content.decode()
    (progress,) = response.context["indicators"]

    assert [m.value for m in progress.approved] == [Decimal("137.5")]
    assert progress.current == Decimal("137.5")
    assert "137,5" in html
    for hidden in ("863,25", "791,75", "659,5", "863.25", "791.75", "659.5"):
        assert hidden not in html
    assert "Note de relecture" not in html
    assert "Commentaire interne" not in html


def test_project_page_never_shows_personal_or_internal_data(client, tea_world, officer94):
    html = client.get(f"/projets/{tea_world['project'].slug}/").content.decode()

    assert "@" not in html.replace("@media", "")
    for secret in (
        officer94.email,
        officer94.full_name,
        tea_world["contributor"].email,
        tea_world["contributor"].full_name,
        "invitee.personne",
        "contact@yenbai.example.org",
        "Texte interne du diagnostic partagé",
        "Réunion interne de suivi",
        "Notes internes de la réunion",
        "Action de suivi interne",
        "Convention interne signée",
    ):
        assert secret not in html


def test_project_page_renders_safe_links_only(client, tea):
    html = client.get(f"/projets/{tea.slug}/").content.decode()

    assert '<a href="https://the-shan.example.org/" rel="noopener">Site de la filière</a>' in html
    assert (
        '<a href="https://biocoop.example.org/yen-bai" rel="noopener">'
        "https://biocoop.example.org/yen-bai</a>" in html
    )
    assert "javascript:" not in html


def test_unpublished_project_is_404_and_absent_from_every_list(client, unpublished, tea):
    assert client.get(f"/projets/{unpublished.slug}/").status_code == 404
    assert unpublished.title not in client.get("/projets/").content.decode()
    assert unpublished.title not in client.get("/odd/2/").content.decode()
    assert "Indicateur confidentiel" not in client.get("/odd/2/").content.decode()
    goals = {goal.number: goal for goal in client.get("/odd/").context["goals"]}
    assert goals[2].project_count == 1


def test_unknown_project_is_404(client, sdgs):
    assert client.get("/projets/no-such-project/").status_code == 404


# /projets/<slug>/documents/<pk>/


def test_public_document_of_a_public_project_downloads(client, tea_world):
    project, document = tea_world["project"], tea_world["public_document"]
    html = client.get(f"/projets/{project.slug}/").content.decode()

    response = client.get(f"/projets/{project.slug}/documents/{document.pk}/")

    assert f'href="/projets/{project.slug}/documents/{document.pk}/"' in html
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]


def test_non_public_document_is_404(client, tea_world):
    project, document = tea_world["project"], tea_world["private_document"]

    response = client.get(f"/projets/{project.slug}/documents/{document.pk}/")

    assert response.status_code == 404


def test_document_of_another_project_or_of_an_unpublished_one_is_404(
    client, tea_world, incubator, unpublished, officer94
):
    document = tea_world["public_document"]
    hidden = services.project_document_add(
        project=unpublished,
        title="Document d'un projet non publié",
        file=SimpleUploadedFile("note.pdf", PDF, content_type="application/pdf"),
        is_public=True,
        uploaded_by=officer94,
    )

    assert client.get(f"/projets/{incubator.slug}/documents/{document.pk}/").status_code == 404
    assert client.get(f"/projets/{unpublished.slug}/documents/{hidden.pk}/").status_code == 404


# /odd/ and /odd/<n>/


def test_sdg_list_shows_the_17_goals_with_their_public_projects(client, tea, incubator):
    response = client.get("/odd/")
    html = response.content.decode()
    counts = {goal.number: goal.project_count for goal in response.context["goals"]}

    assert response.status_code == 200
    assert len(counts) == 17
    assert counts[2] == counts[12] == counts[8] == 1
    assert counts[1] == 0
    for number in range(1, 18):
        assert f'href="/odd/{number}/"' in html
        assert f"sdg-{number}" in html
    assert SustainableDevelopmentGoal.objects.get(number=2).short_title_fr in html


def test_sdg_page_shows_targets_projects_and_indicators(client, tea_world, incubator):
    response = client.get("/odd/2/")
    html = response.content.decode()
    goal = SustainableDevelopmentGoal.objects.get(number=2)

    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert escape(goal.title_fr) in html
    for code in ("2.1", "2.3", "2.a", "2.c"):
        assert code in html
        assert escape(target(code).title_fr) in html
    assert listed_titles(response) == [tea_world["project"].title]
    assert [i.title for i in response.context["indicator_page"].object_list] == [
        "Foyers producteurs certifiés bio"
    ]
    assert f'href="/projets/{tea_world["project"].slug}/"' in html
    assert incubator.title not in html


@pytest.mark.parametrize("number", [0, 18, 99])
def test_sdg_outside_1_to_17_is_404(client, sdgs, number):
    assert client.get(f"/odd/{number}/").status_code == 404


# Query counts: the same bound with few and with many rows


def _many_projects(count: int, *, department, territory, goal, sdg_target, theme):
    for number in range(count):
        project = publish(
            CooperationProject.objects.create(
                department=department,
                kind=ProjectKind.DECENTRALISED,
                title=f"Projet {number:02d}",
                slug=f"projet-{number:02d}",
                summary="Coopération solidaire.",
                start_date=date(2020 + number % 5, 1, 1),
            )
        )
        project.territories.add(territory)
        project.themes.add(theme)
        project.sdg_goals.add(goal)
        services.indicator_create(
            project=project,
            title=f"Indicateur {number:02d}",
            level=IndicatorLevel.OUTPUT,
            measure_type=MeasureType.NUMBER,
            sdg_targets=[sdg_target],
        )


@pytest.mark.parametrize("count", [3, 30])
def test_project_list_query_count_does_not_grow(
    count, client, dept94, yen_bai, sdgs, themes, django_assert_max_num_queries
):
    _many_projects(
        count,
        department=dept94,
        territory=yen_bai,
        goal=sdgs[2],
        sdg_target=target("2.3"),
        theme=themes["fair-trade"],
    )
    query = {"sdg": "2", "theme": "fair-trade", "department": "94", "country": "VN"}

    # 1: the SDG of the query string (filter validation)
    # 2: the theme of the query string
    # 3: the department of the query string
    # 4: count of the projects (paginator)
    # 5: one page of projects, with their department (select_related)
    # 6: territories of the projects of the page (prefetch)
    # 7: SDGs of the projects of the page (prefetch)
    # 8: themes of the projects of the page (prefetch)
    # 9: the SDGs of the filter form
    # 10: the themes of the filter form
    # 11: the departments of the filter form
    # and 1: the version of the public data (common.public_cache)
    with django_assert_max_num_queries(12):
        response = client.get("/projets/", query)

    assert response.status_code == 200
    assert response.context["page"].paginator.count == count


@pytest.mark.parametrize("count", [1, 12])
def test_project_page_query_count_does_not_grow(
    count, client, tea, officer94, dept94, yen_bai, sdgs, django_assert_max_num_queries
):
    for number in range(count):
        organisation = OrganisationFactory(department=dept94)
        services.project_partner_add(
            project=tea, organisation=organisation, role="partner", side="french"
        )
        objective = services.objective_create(
            project=tea, title=f"Objectif {number}", sdg_targets=[target("2.3")]
        )
        indicator = services.indicator_create(
            project=tea,
            objective=objective,
            title=f"Indicateur {number}",
            level=IndicatorLevel.OUTPUT,
            measure_type=MeasureType.NUMBER,
            baseline_value=Decimal(0),
            target_value=Decimal(100),
            sdg_targets=[target("2.3"), target("12.3")],
        )
        for year in (2022, 2023):
            services.measurement_approve(
                measurement=services.measurement_create(
                    indicator=indicator,
                    reporter=officer94,
                    period_start=date(year, 1, 1),
                    period_end=date(year, 12, 31),
                    value=Decimal(10 * year - 20200),
                    submit=True,
                ),
                officer=officer94,
            )
        services.project_document_add(
            project=tea,
            title=f"Document {number}",
            file=SimpleUploadedFile(f"doc{number}.pdf", PDF, content_type="application/pdf"),
            is_public=True,
            uploaded_by=officer94,
        )
        tea.territories.add(PartnerTerritoryFactory())
        tea.co_departments.add(DepartmentFactory())

    # 1: the project, with its department (select_related)
    # 2: its partner territories (prefetch)
    # 3: its SDGs (prefetch)
    # 4: its SDG targets, with their goal (prefetch)
    # 5: its themes (prefetch)
    # 6: its co-owning departments (prefetch)
    # 7: its partners, with their organisation (prefetch)
    # 8: its public documents (prefetch)
    # 9: its objectives
    # 10: the SDG targets of the objectives, with their goal (prefetch)
    # 11: its indicators, with their objective
    # 12: the SDG targets of the indicators, with their goal (prefetch)
    # 13: the approved measurements of the indicators (prefetch)
    # and 1: the version of the public data (common.public_cache)
    with django_assert_max_num_queries(14):
        response = client.get(f"/projets/{tea.slug}/")

    assert response.status_code == 200
    assert len(response.context["indicators"]) == count


@pytest.mark.parametrize("count", [3, 30])
def test_sdg_page_query_count_does_not_grow(
    count, client, dept94, yen_bai, sdgs, themes, django_assert_max_num_queries
):
    _many_projects(
        count,
        department=dept94,
        territory=yen_bai,
        goal=sdgs[2],
        sdg_target=target("2.3"),
        theme=themes["fair-trade"],
    )

    # 1: the goal
    # 2: its targets (prefetch)
    # 3: count of its public projects (paginator)
    # 4: one page of projects, with their department (select_related)
    # 5: territories of the projects of the page (prefetch)
    # 6: SDGs of the projects of the page (prefetch)
    # 7: themes of the projects of the page (prefetch)
    # 8: count of the indicators serving the goal (paginator)
    # 9: one page of indicators, with their project (select_related)
    # 10: the indicators with a target considered for the progress (capped)
    # 11: their approved measurements (prefetch)
    with django_assert_max_num_queries(11):
        response = client.get("/odd/2/")

    assert response.status_code == 200
    assert response.context["page"].paginator.count == count
    assert response.context["indicator_page"].paginator.count == count


@pytest.mark.parametrize("count", [3, 30])
def test_sdg_list_query_count_does_not_grow(
    count, client, dept94, yen_bai, sdgs, themes, django_assert_max_num_queries
):
    _many_projects(
        count,
        department=dept94,
        territory=yen_bai,
        goal=sdgs[2],
        sdg_target=target("2.3"),
        theme=themes["fair-trade"],
    )

    # 1: the 17 goals, each with its count of public projects
    # and 1: the version of the public data (common.public_cache)
    with django_assert_max_num_queries(2):
        response = client.get("/odd/")

    assert response.status_code == 200
