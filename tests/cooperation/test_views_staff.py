"""The projects of a department's staff workspace: list, create and edit, publication,
partners, contributors, documents, history, and the dashboard's project figures."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.functional import Promise

from cooperation import services
from cooperation.models import (
    CooperationProject,
    IndicatorLevel,
    MeasureType,
    PartnerRole,
    ProjectContributor,
    ProjectDocument,
    ProjectInvitation,
    ProjectKind,
    ProjectPartner,
    ProjectStatus,
    SustainableDevelopmentGoal,
    TerritorySide,
)
from partners.models import OrganisationKind
from tests.factories import OrganisationFactory, PartnerTerritoryFactory, UserFactory
from tests.partners.helpers import field_error_block, french, messages_of, text_of

# Fixed days of the cases (2025, 2026, 2027) stand beside dates counted from today: the
# clock is set to the day they were written (conftest ``clock_of_the_cases``).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_of_the_cases")]

LIST_URL = "/espace/94/projets/"
CREATE_URL = "/espace/94/projets/nouveau/"
SLUG = "filiere-du-the-shan-de-yen-bai"
PROJECT_URL = f"/espace/94/projets/{SLUG}/"
UPDATE_URL = PROJECT_URL + "modifier/"
CONCURRENT_EDIT_MSGID = (
    "%(name)s changed this record after you opened it. Your changes are not saved: "
    "copy them, reload the page and apply them again."
)
OVER_BUDGET_MSGID = "The department's contribution exceeds the total budget."
ENDS_BEFORE_MSGID = "The project ends before it starts."
MISSING_MSGID = "Before publishing, the project still needs: %(item)s."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + bytes(64)


@pytest.fixture
def admin(admin94, client_for):
    return client_for(admin94)


@pytest.fixture
def project(dept94, officer94, yen_bai) -> CooperationProject:
    """An unpublished project of 94 with a territory, no summary, no SDG, no partner."""
    return services.project_create(
        department=dept94,
        created_by=officer94,
        title="Filière du thé Shan de Yên Bái",
        kind=ProjectKind.DECENTRALISED,
        status=ProjectStatus.IMPLEMENTATION,
        territories=[yen_bai],
        start_date=date(2024, 1, 1),
        end_date=date(2027, 12, 31),
        total_budget=Decimal("120000.00"),
        department_contribution=Decimal("45000.00"),
    )


def project_form_data(**overrides) -> dict:
    data = {
        "version": "",
        "title": "Circuits courts avec l’Outaouais",
        "kind": ProjectKind.DECENTRALISED,
        "status": ProjectStatus.IDEA,
        "summary": "Des outils d’accompagnement de l’ESS pour l’incubateur de l’Outaouais.",
        "description": "",
        "sdg_targets": "",
        "start_date": "2025-01-01",
        "end_date": "2026-12-31",
        "total_budget": "80000",
        "department_contribution": "20000",
        "co_funders": "",
        "links": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def edit_data(project: CooperationProject, version, **changes) -> dict:
    current = {
        "version": str(version),
        "title": project.title,
        "kind": project.kind,
        "status": project.status,
        "summary": project.summary,
        "territories": [str(t.pk) for t in project.territories.all()],
        "start_date": project.start_date.isoformat(),
        "end_date": project.end_date.isoformat(),
        "total_budget": "120000",
        "department_contribution": "45000",
    }
    return project_form_data(**{**current, **changes})


# The list


def test_list_shows_the_projects_the_department_runs_or_co_runs(
    officer, project, dept94, dept92, officer92
):
    co_run = services.project_create(
        department=dept92, created_by=officer92, title="Jeunes solidaires", kind="youth"
    )
    co_run.co_departments.add(dept94)
    services.project_create(
        department=dept92, created_by=officer92, title="Projet des Hauts-de-Seine", kind="youth"
    )

    response = officer.get(LIST_URL)

    titles = {p.title for p in response.context["page"].object_list}
    assert titles == {"Filière du thé Shan de Yên Bái", "Jeunes solidaires"}
    html = text_of(response)
    assert f'href="{PROJECT_URL}"' in html
    assert "Yên Bái (Viêt Nam)" in html or "Yên Bái (Vietnam)" in html


def test_list_filters_by_stage_publication_and_full_text(officer, project, dept94, officer94):
    services.project_create(
        department=dept94,
        created_by=officer94,
        title="Accueil de délégations",
        kind="decentralised",
        status=ProjectStatus.IDEA,
        summary="Recevoir les coopératives québécoises.",
    )

    def titles(query: str) -> set[str]:
        return {p.title for p in officer.get(LIST_URL + query).context["page"].object_list}

    assert titles("?status=implementation") == {"Filière du thé Shan de Yên Bái"}
    assert titles("?status=idea") == {"Accueil de délégations"}
    assert titles("?published=false") == {
        "Filière du thé Shan de Yên Bái",
        "Accueil de délégations",
    }
    assert titles("?published=true") == set()
    assert titles("?q=coopératives") == {"Accueil de délégations"}
    assert titles("?q=thé") == {"Filière du thé Shan de Yên Bái"}


def test_list_offers_exports_of_the_filtered_list_and_a_new_project_button(officer, project):
    html = text_of(officer.get(LIST_URL + "?status=implementation&page=1"))

    assert 'href="/espace/94/projets/export.csv?status=implementation"' in html
    assert 'href="/espace/94/projets/export.xlsx?status=implementation"' in html
    assert f'href="{CREATE_URL}"' in html


def _many_projects(department, officer, count: int, territory) -> None:
    from cooperation.models import SustainableDevelopmentGoal

    goal = SustainableDevelopmentGoal.objects.get(number=12)
    for n in range(count):
        services.project_create(
            department=department,
            created_by=officer,
            title=f"Projet {n}",
            kind="decentralised",
            territories=[territory, PartnerTerritoryFactory()],
            sdg_goals=[goal],
        )


def test_list_query_count_does_not_grow_with_the_number_of_projects(
    officer, dept94, officer94, yen_bai, reference_data, django_assert_max_num_queries
):
    # 1 session, 2 user, 3 membership (staff_view), 4 count of the paginator,
    # 5 memberships of the header (department switcher),
    # 6-8 choices of the filter form: SDGs, themes, departments,
    # 9 the page of projects (with their department),
    # 10-12 prefetch of their territories, SDGs and themes.
    bound = 12
    _many_projects(dept94, officer94, 2, yen_bai)
    with django_assert_max_num_queries(bound):
        assert len(officer.get(LIST_URL).context["page"].object_list) == 2

    _many_projects(dept94, officer94, 25, yen_bai)
    with django_assert_max_num_queries(bound):
        assert len(officer.get(LIST_URL).context["page"].object_list) == 20


# Creating and editing


def test_officer_creates_a_project(officer, officer94, dept94, yen_bai, reference_data):
    data = project_form_data(territories=[str(yen_bai.pk)], sdg_targets="12.3, 2.4")

    response = officer.post(CREATE_URL, data)

    project = CooperationProject.objects.get(title="Circuits courts avec l’Outaouais")
    assert response.status_code == 302
    assert response.url == f"/espace/94/projets/{project.slug}/"
    assert project.department == dept94
    assert project.created_by == officer94
    assert not project.is_public
    assert project.total_budget == Decimal("80000")
    assert list(project.territories.all()) == [yen_bai]
    assert {t.code for t in project.sdg_targets.all()} == {"12.3", "2.4"}
    assert set(project.sdg_goals.values_list("number", flat=True)) == {2, 12}


def test_amounts_are_typed_the_french_way(officer):
    response = officer.post(
        CREATE_URL, project_form_data(total_budget="125000,50", department_contribution="0,5")
    )

    assert response.status_code == 302, response.context["form"].errors
    project = CooperationProject.objects.get()
    assert project.total_budget == Decimal("125000.50")
    assert project.department_contribution == Decimal("0.50")


def test_project_ending_before_it_starts_is_refused_next_to_the_end_date(officer):
    data = project_form_data(start_date="2026-06-01", end_date="2025-06-01")

    response = officer.post(CREATE_URL, data)

    assert response.status_code == 200
    assert not CooperationProject.objects.exists()
    assert french(ENDS_BEFORE_MSGID) in field_error_block(response, "end_date")


def test_contribution_above_the_budget_is_refused_next_to_the_field_with_values_kept(officer):
    data = project_form_data(
        title="Thé & commerce équitable",
        summary="Une filière biologique.",
        total_budget="10000",
        department_contribution="25000",
    )

    response = officer.post(CREATE_URL, data)

    assert response.status_code == 200
    assert not CooperationProject.objects.exists()
    assert french(OVER_BUDGET_MSGID) in field_error_block(response, "department_contribution")
    error = response.context["form"].errors.as_data()["department_contribution"][0]
    assert isinstance(error.message, Promise), "the message must be translatable"
    html = text_of(response)
    assert 'value="Thé & commerce équitable"' in html
    assert "Une filière biologique.</textarea>" in html
    assert 'value="25000"' in html


def test_officer_edits_a_project(officer, project):
    version = officer.get(UPDATE_URL).context["form"]["version"].value()

    response = officer.post(UPDATE_URL, edit_data(project, version, summary="Thé bio."))

    assert response.status_code == 302
    assert response.url == PROJECT_URL
    project.refresh_from_db()
    assert project.summary == "Thé bio."
    assert project.version == version + 1


def test_second_session_saving_an_old_version_is_refused_naming_the_first_editor(
    officer, admin, project
):
    version = officer.get(UPDATE_URL).context["form"]["version"].value()
    assert admin.get(UPDATE_URL).context["form"]["version"].value() == version
    first = admin.post(UPDATE_URL, edit_data(project, version, summary="Texte d’Anne."))
    assert first.status_code == 302

    second = officer.post(UPDATE_URL, edit_data(project, version, summary="Texte d’Olivier."))

    assert second.status_code == 200
    expected = french(CONCURRENT_EDIT_MSGID) % {"name": "Anne Admin"}
    assert second.context["form"].non_field_errors() == [expected]
    html = text_of(second)
    assert expected in html
    assert "Texte d’Olivier.</textarea>" in html  # what they typed, to copy
    project.refresh_from_db()
    assert project.summary == "Texte d’Anne."
    assert project.version == version + 1


def test_publishing_changes_the_version_so_an_edit_opened_before_is_refused(
    officer, admin, project, reference_data, artisans_du_monde
):
    services.project_update(
        project=project,
        expected_version=project.version,
        summary="Une filière de thé.",
        sdg_goals=[SustainableDevelopmentGoal.objects.get(number=12)],
    )
    services.project_partner_add(
        project=project, organisation=artisans_du_monde, role="partner", side="french"
    )
    version = officer.get(UPDATE_URL).context["form"]["version"].value()
    admin.post(PROJECT_URL + "publier/")

    response = officer.post(UPDATE_URL, edit_data(project, version, title="Autre titre"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    project.refresh_from_db()
    assert project.title == "Filière du thé Shan de Yên Bái"


# Overview and publication


def test_publication_is_refused_with_what_is_missing_then_accepted(
    officer, project, reference_data, artisans_du_monde, client
):
    detail = officer.get(PROJECT_URL)
    assert [item.done for item in detail.context["checklist"]] == [False, True, False, False]
    assert not detail.context["ready_to_publish"]

    refused = officer.post(PROJECT_URL + "publier/", follow=True)

    project.refresh_from_db()
    assert not project.is_public
    [message] = messages_of(refused)
    for item in ("a summary", "at least one SDG", "at least one partner"):
        assert french(MISSING_MSGID) % {"item": french(item)} in message
    assert "coordinates" not in message and "coordonnées" not in message

    services.project_update(
        project=project,
        expected_version=project.version,
        summary="Une filière de thé biologique et équitable.",
        sdg_goals=[SustainableDevelopmentGoal.objects.get(number=12)],
    )
    services.project_partner_add(
        project=project, organisation=artisans_du_monde, role="lead", side="french"
    )
    assert officer.get(PROJECT_URL).context["ready_to_publish"]

    accepted = officer.post(PROJECT_URL + "publier/")

    assert accepted.status_code == 302
    project.refresh_from_db()
    assert project.is_public
    assert project.published_at is not None

    officer.post(PROJECT_URL + "depublier/")
    project.refresh_from_db()
    assert not project.is_public


def test_overview_shows_the_fields_and_the_measurements_to_review(officer, project, officer94):
    indicator = services.indicator_create(
        project=project,
        title="Ménages certifiés bio",
        level=IndicatorLevel.OUTCOME,
        measure_type=MeasureType.NUMBER,
    )
    services.measurement_create(
        indicator=indicator,
        reporter=UserFactory(full_name="Nguyen Van A"),
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        value=Decimal(120),
        submit=True,
    )

    response = officer.get(PROJECT_URL)

    html = text_of(response)
    assert response.context["tab"] == "overview"
    assert html.count("<h1") == 1
    assert "Ménages certifiés bio" in html and "Nguyen Van A" in html
    indicator_url = reverse(
        "cooperation:staff_indicator_detail",
        kwargs={"code": "94", "slug": SLUG, "pk": indicator.pk},
    )
    assert f'href="{indicator_url}"' in html
    assert f'action="{PROJECT_URL}publier/"' in html
    assert f'href="{UPDATE_URL}"' in html
    assert "Yên Bái" in html


def test_unpublished_project_is_invisible_to_another_department(project, officer92, client_for):
    other = client_for(officer92)

    listed = other.get("/espace/92/projets/")
    assert listed.status_code == 200
    assert list(listed.context["page"].object_list) == []
    assert other.get(f"/espace/92/projets/{SLUG}/").status_code == 404
    for path in (LIST_URL, PROJECT_URL, PROJECT_URL + "partenaires/", PROJECT_URL + "historique/"):
        assert other.get(path).status_code == 404, path


def test_viewer_reads_but_cannot_change(viewer94, project, client_for, artisans_du_monde):
    partner = services.project_partner_add(
        project=project, organisation=artisans_du_monde, role="partner", side="french"
    )
    viewer = client_for(viewer94)
    for tab in ("", "partenaires/", "contributeurs/", "documents/", "historique/"):
        response = viewer.get(PROJECT_URL + tab)
        assert response.status_code == 200, tab
        html = response.content.decode()
        for action in (
            "modifier/",
            "publier/",
            "retirer/",
            "annuler/",
            "supprimer/",
            "ajouter/",
            'name="email"',
            'type="file"',
        ):
            assert action not in html, (tab, action)
    assert viewer.get(LIST_URL).status_code == 200
    assert f'href="{CREATE_URL}"' not in viewer.get(LIST_URL).content.decode()

    assert viewer.get(CREATE_URL).status_code == 404
    assert viewer.post(CREATE_URL, project_form_data()).status_code == 404
    assert viewer.get(UPDATE_URL).status_code == 404
    assert viewer.post(UPDATE_URL, edit_data(project, project.version)).status_code == 404
    assert viewer.post(PROJECT_URL + "publier/").status_code == 404
    assert viewer.post(f"{PROJECT_URL}partenaires/{partner.pk}/retirer/").status_code == 404
    invite = {"email": "x@example.org", "role": "reader"}
    assert viewer.post(PROJECT_URL + "contributeurs/", invite).status_code == 404
    upload = {"title": "Convention", "file": SimpleUploadedFile("c.pdf", PDF)}
    assert viewer.post(PROJECT_URL + "documents/", upload).status_code == 404
    assert CooperationProject.objects.count() == 1
    assert ProjectPartner.objects.count() == 1
    assert not ProjectInvitation.objects.exists()
    assert not ProjectDocument.objects.exists()


# Partners


@pytest.fixture
def organisations(dept92, dept94):
    """Organisations a search for "thé" may or may not find."""
    return {
        "published_92": OrganisationFactory(
            name="Maison du thé équitable", slug="maison-the-92", department=dept92
        ),
        "pending_94": OrganisationFactory(
            name="Comptoir du thé de Vitry", slug="comptoir-the-94", department=dept94, pending=True
        ),
        "pending_92": OrganisationFactory(
            name="Salon de thé solidaire", slug="salon-the-92", department=dept92, pending=True
        ),
        "abroad": OrganisationFactory(
            name="Coopérative de thé de Van Chan",
            slug="cooperative-the-van-chan",
            kind=OrganisationKind.CITIZENS_GROUP,
            legal_form="",
            country="VN",
            department=None,
        ),
        "other": OrganisationFactory(name="Recyclerie", slug="recyclerie", department=dept94),
    }


def test_partner_search_covers_the_country_and_the_department_without_current_partners(
    officer, project, organisations
):
    services.project_partner_add(
        project=project, organisation=organisations["abroad"], role="partner", side="partner"
    )

    response = officer.get(PROJECT_URL + "partenaires/?q=thé")

    found = {organisation.slug for organisation, _form in response.context["results"]}
    assert found == {"maison-the-92", "comptoir-the-94"}
    html = text_of(response)
    add_url = reverse(
        "cooperation:staff_project_partner_add",
        kwargs={"code": "94", "slug": SLUG, "organisation_pk": organisations["published_92"].pk},
    )
    assert f'action="{add_url}?q=th%C3%A9"' in html
    assert 'id="id_org{}_role"'.format(organisations["published_92"].pk) in html


def test_partner_is_added_and_removed_without_javascript(officer, project, organisations):
    organisation = organisations["abroad"]
    url = reverse(
        "cooperation:staff_project_partner_add",
        kwargs={"code": "94", "slug": SLUG, "organisation_pk": organisation.pk},
    )

    response = officer.post(
        url + "?q=thé",
        {"role": PartnerRole.PARTNER, "side": TerritorySide.PARTNER, "contribution": "Récolte"},
    )

    assert response.status_code == 302
    assert response.url == PROJECT_URL + "partenaires/?q=th%C3%A9"
    partner = ProjectPartner.objects.get(project=project)
    assert (partner.organisation, partner.role, partner.side, partner.contribution) == (
        organisation,
        "partner",
        "partner",
        "Récolte",
    )
    page = text_of(officer.get(PROJECT_URL + "partenaires/"))
    assert "Coopérative de thé de Van Chan" in page
    assert 'Retirer<span class="visually-hidden"> Coopérative de thé de Van Chan' in page or (
        '<span class="visually-hidden"> Coopérative de thé de Van Chan</span>' in page
    )
    # Already a partner: it cannot be added twice.
    assert officer.post(url, {"role": "partner", "side": "partner"}).status_code == 404

    removed = officer.post(f"{PROJECT_URL}partenaires/{partner.pk}/retirer/")

    assert removed.status_code == 302
    assert not ProjectPartner.objects.exists()
    history = officer.get(PROJECT_URL + "historique/")
    assert [change.history_type for change in history.context["partner_changes"]] == ["-", "+"]


def test_partner_added_without_a_role_is_refused_next_to_the_field(officer, project, organisations):
    organisation = organisations["published_92"]
    url = reverse(
        "cooperation:staff_project_partner_add",
        kwargs={"code": "94", "slug": SLUG, "organisation_pk": organisation.pk},
    )

    response = officer.post(url, {"role": "", "side": "french", "contribution": "Conseil"})

    assert response.status_code == 200
    assert not ProjectPartner.objects.exists()
    [(shown, form)] = response.context["results"]
    assert shown == organisation
    assert "role" in form.errors
    assert "Conseil</textarea>" in text_of(response)


def test_pending_organisation_of_another_department_cannot_be_added(
    officer, project, organisations
):
    url = reverse(
        "cooperation:staff_project_partner_add",
        kwargs={"code": "94", "slug": SLUG, "organisation_pk": organisations["pending_92"].pk},
    )

    assert officer.post(url, {"role": "partner", "side": "french"}).status_code == 404
    assert not ProjectPartner.objects.exists()


# Contributors


def test_officer_invites_a_contributor_who_gets_the_link(officer, officer94, project):
    response = officer.post(
        PROJECT_URL + "contributeurs/",
        {"email": "Lan.Nguyen@YenBai.example.org", "role": "contributor"},
    )

    assert response.status_code == 302
    invitation = ProjectInvitation.objects.get(project=project)
    assert invitation.email == "lan.nguyen@yenbai.example.org"
    assert invitation.invited_by == officer94
    [message] = mail.outbox
    assert message.to == ["lan.nguyen@yenbai.example.org"]
    assert re.search(rf"https?://\S+/compte/projets/invitations/{invitation.token}/", message.body)
    page = text_of(officer.get(PROJECT_URL + "contributeurs/"))
    assert "lan.nguyen@yenbai.example.org" in page

    again = officer.post(
        PROJECT_URL + "contributeurs/", {"email": "lan.nguyen@yenbai.example.org", "role": "reader"}
    )

    assert again.status_code == 200
    assert again.context["form"].errors["email"]
    assert field_error_block(again, "email")
    assert ProjectInvitation.objects.count() == 1


def test_invitation_is_cancelled_and_contributor_removed(officer, project):
    invitation = services.project_contributor_invite(
        project=project, email="lan@example.org", role="reader", invited_by=None
    )
    contributor = ProjectContributor.objects.create(
        project=project, user=UserFactory(full_name="Hoa Tran"), role="contributor"
    )
    page = text_of(officer.get(PROJECT_URL + "contributeurs/"))
    assert "Hoa Tran" in page and "lan@example.org" in page

    assert officer.post(f"{PROJECT_URL}invitations/{invitation.pk}/annuler/").status_code == 302
    assert officer.post(f"{PROJECT_URL}contributeurs/{contributor.pk}/retirer/").status_code == 302

    assert not ProjectInvitation.objects.exists()
    assert not ProjectContributor.objects.exists()


# Documents


def _upload(client, name: str, content: bytes, **extra):
    return client.post(
        PROJECT_URL + "documents/",
        {"title": "Convention de coopération", "file": SimpleUploadedFile(name, content), **extra},
    )


def test_pdf_document_is_accepted_and_served_to_the_department_only(
    officer, project, viewer94, officer92, client_for, client
):
    assert (
        'enctype="multipart/form-data"' in officer.get(PROJECT_URL + "documents/").content.decode()
    )

    response = _upload(officer, "convention.pdf", PDF)

    assert response.status_code == 302
    document = ProjectDocument.objects.get(project=project)
    assert not document.is_public
    url = f"{PROJECT_URL}documents/{document.pk}/"
    for reader in (officer, client_for(viewer94)):
        served = reader.get(url)
        assert served.status_code == 200
        assert b"".join(served.streaming_content) == PDF
        assert served["Cache-Control"] == "private, no-store"
    assert client_for(officer92).get(url).status_code == 404
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("account_login"))

    removed = officer.post(f"{PROJECT_URL}documents/{document.pk}/supprimer/")
    assert removed.status_code == 302
    assert not ProjectDocument.objects.exists()
    assert officer.get(url).status_code == 404


@pytest.mark.parametrize("content", [PNG, b"Ceci est un simple texte.\n" * 10], ids=["png", "text"])
def test_file_named_pdf_that_is_not_a_pdf_is_refused(officer, project, content):
    response = _upload(officer, "convention.pdf", content)

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert field_error_block(response, "file")
    assert 'value="Convention de coopération"' in text_of(response)
    assert not ProjectDocument.objects.exists()


# History


def test_history_shows_who_changed_which_field(officer, project):
    officer.post(UPDATE_URL, edit_data(project, project.version, summary="Thé vert."))

    response = officer.get(PROJECT_URL + "historique/")

    latest = response.context["history"][0]
    assert latest.who.full_name == "Olivier Agent"
    label = str(CooperationProject._meta.get_field("summary").verbose_name)
    assert (label, "", "Thé vert.") in latest.changes
    assert response.context["tab"] == "history"


# Dashboard


def test_dashboard_shows_project_figures_and_overdue_actions(
    officer, project, officer94, dept94, yen_bai
):
    services.project_create(
        department=dept94, created_by=officer94, title="Idée", kind="youth", status="idea"
    )
    exchange = services.exchange_create(
        project=project, date=date(2025, 1, 10), kind="call", title="Point", participants="Tous"
    )
    late = services.follow_up_action_create(
        exchange=exchange,
        description="Envoyer le compte rendu",
        owner=officer94,
        due_date=date.today() - timedelta(days=3),
    )
    services.follow_up_action_create(
        exchange=exchange,
        description="Préparer la mission",
        owner=officer94,
        due_date=date.today() + timedelta(days=30),
    )

    response = officer.get("/espace/94/")

    figures = response.context["project_figures"]
    assert (figures.total, figures.published) == (2, 0)
    by_stage = {value: count for value, _label, count in figures.by_stage}
    assert by_stage["implementation"] == 1 and by_stage["idea"] == 1
    assert list(response.context["overdue_actions"]) == [late]
    html = text_of(response)
    assert "Envoyer le compte rendu" in html
    assert "Préparer la mission" not in html
    assert f'href="{PROJECT_URL}delegations-echanges/"' in html
    assert "Olivier Agent" in html


def test_dashboard_of_a_reviewer_has_no_project_figures(reviewer92, client_for):
    response = client_for(reviewer92).get("/espace/92/")

    assert response.status_code == 200
    assert "project_figures" not in response.context
    assert "overdue_actions" not in response.context
