"""The co-construction and results tabs of a project in the staff workspace of 94: shared
diagnostic, objectives and action plan, indicators and measurements, delegations and
exchanges. Who may read and change them, what a bad input does, and their query counts."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cooperation import services
from cooperation.models import (
    Activity,
    ActivityStatus,
    CooperationProject,
    Delegation,
    DiagnosticComment,
    DiagnosticContribution,
    Exchange,
    FollowUpAction,
    Indicator,
    IndicatorLevel,
    Measurement,
    MeasurementStatus,
    MeasureType,
    Milestone,
    Objective,
)
from tests.factories import OrganisationFactory, PartnerTerritoryFactory, UserFactory
from tests.partners.helpers import french, messages_of, text_of

# Fixed days of the cases (2025, 2026, 2027) stand beside dates counted from today: the
# clock is set to the day they were written (conftest ``clock_of_the_cases``).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_of_the_cases")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def viewer(viewer94, client_for):
    return client_for(viewer94)


@pytest.fixture
def reporter(db):
    return UserFactory(email="lan@yenbai.example.org", full_name="Nguyễn Thị Lan")


def make_project(department, officer, title: str) -> CooperationProject:
    return services.project_create(
        department=department,
        created_by=officer,
        title=title,
        kind="decentralised",
        territories=[PartnerTerritoryFactory(name=f"Territoire de {title}")],
    )


def make_indicator(project, **fields) -> Indicator:
    values = {
        "title": "Ménages producteurs certifiés bio",
        "level": IndicatorLevel.OUTCOME,
        "measure_type": MeasureType.NUMBER,
        "unit": "ménages",
        "baseline_value": Decimal(0),
        "baseline_date": date(2022, 1, 1),
        "target_value": Decimal(300),
        "target_date": date(2027, 12, 31),
    }
    values.update(fields)
    return services.indicator_create(project=project, **values)


def make_measurement(indicator, reporter, year: int, value, *, submit=True, evidence=None):
    return services.measurement_create(
        indicator=indicator,
        reporter=reporter,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        value=Decimal(value),
        submit=submit,
        evidence=evidence,
    )


def make_exchange(project, title="Point d’étape", **fields) -> Exchange:
    values = {
        "date": date(2026, 1, 15),
        "kind": "call",
        "title": title,
        "participants": "Équipes des deux territoires",
    }
    values.update(fields)
    return services.exchange_create(project=project, **values)


class World:
    """A project of 94 with one object of every kind of the results tabs."""

    def __init__(self, department, officer, reporter, title: str):
        self.project = make_project(department, officer, title)
        self.partner_org = OrganisationFactory(name=f"Pôle ESS – {title}", department=department)
        self.partner = services.project_partner_add(
            project=self.project, organisation=self.partner_org, role="lead", side="french"
        )
        self.contribution = services.diagnostic_contribution_add(
            project=self.project,
            author=reporter,
            section="context",
            text="Une province de montagne où le thé Shan pousse à l’état sauvage.",
            organisation=self.partner_org,
        )
        self.objective = services.objective_create(
            project=self.project, title="Certifier les ménages producteurs"
        )
        self.activity = services.activity_create(
            project=self.project,
            title="Formations à l’agriculture biologique",
            objective=self.objective,
            responsible=self.partner,
            start_date=date(2025, 3, 1),
            end_date=date(2026, 6, 30),
        )
        self.milestone = services.milestone_create(
            activity=self.activity, title="Première session", due_date=date(2025, 4, 1)
        )
        self.indicator = make_indicator(self.project)
        self.measurement = make_measurement(
            self.indicator,
            reporter,
            2025,
            120,
            evidence=SimpleUploadedFile("liste.pdf", PDF, content_type="application/pdf"),
        )
        self.exchange = make_exchange(self.project)
        self.action = services.follow_up_action_create(
            exchange=self.exchange,
            description="Envoyer le compte rendu",
            owner=officer,
            due_date=date(2026, 2, 1),
        )
        self.delegation = services.delegation_create(
            department=department,
            project=self.project,
            origin=PartnerTerritoryFactory(name=f"Origine – {title}"),
            arrival_date=date(2025, 10, 6),
            departure_date=date(2025, 10, 10),
            members="M. Hoàng, vice-président du comité populaire",
            structures=[self.partner_org],
        )

    def url(self, name: str, code: str = "94", **kwargs) -> str:
        return reverse(name, kwargs={"code": code, "slug": self.project.slug, **kwargs})


@pytest.fixture
def world(dept94, officer94, reporter) -> World:
    return World(dept94, officer94, reporter, "Filière du thé Shan")


@pytest.fixture
def other_world(dept94, officer94, reporter) -> World:
    """Another project of the same department."""
    return World(dept94, officer94, reporter, "Jeunes solidaires")


@pytest.fixture
def world92(dept92, officer92, reporter) -> World:
    return World(dept92, officer92, reporter, "Initiatives jeunes")


def read_pages(world: World) -> list[str]:
    return [
        world.url("cooperation:staff_project_diagnostic"),
        world.url("cooperation:staff_project_objectives"),
        world.url("cooperation:staff_project_indicators"),
        world.url("cooperation:staff_indicator_detail", pk=world.indicator.pk),
        world.url("cooperation:staff_project_exchanges"),
    ]


def manage_pages(world: World) -> list[str]:
    return [
        world.url("cooperation:staff_delegation_create"),
        world.url("cooperation:staff_exchange_create"),
    ]


def post_actions(world: World, to_return: Measurement | None = None) -> list[tuple[str, dict]]:
    """Every change the tabs offer, with a valid input (`to_return`: the submitted
    measurement to return, when the one of `world` gets approved first)."""
    to_return = to_return or world.measurement
    return [
        (
            world.url("cooperation:staff_project_diagnostic"),
            {"section": "needs", "text": "Débouchés."},
        ),
        (
            world.url("cooperation:staff_diagnostic_comment", pk=world.contribution.pk),
            {"text": "Oui."},
        ),
        (world.url("cooperation:staff_diagnostic_validate"), {}),
        (
            world.url("cooperation:staff_objective_create"),
            {"title": "Vendre en commerce équitable"},
        ),
        (world.url("cooperation:staff_activity_create"), {"title": "Salon", "status": "planned"}),
        (world.url("cooperation:staff_activity_status", pk=world.activity.pk), {"status": "done"}),
        (
            world.url("cooperation:staff_milestone_create", pk=world.activity.pk),
            {"title": "Bilan", "due_date": "2026-06-30"},
        ),
        (world.url("cooperation:staff_milestone_reached", pk=world.milestone.pk), {}),
        (
            world.url("cooperation:staff_project_indicators"),
            {
                "title": "Hectares certifiés",
                "level": "outcome",
                "measure_type": "number",
                "direction": "higher",
            },
        ),
        (
            world.url("cooperation:staff_indicator_detail", pk=world.indicator.pk),
            {"period_start": "2026-01-01", "period_end": "2026-12-31", "value": "150"},
        ),
        (world.url("cooperation:staff_measurement_approve", pk=world.measurement.pk), {}),
        (world.url("cooperation:staff_measurement_return", pk=to_return.pk), {"note": "Preuve ?"}),
        (
            world.url("cooperation:staff_delegation_create"),
            {
                "origin": world.delegation.origin_id,
                "arrival_date": "2026-05-04",
                "departure_date": "2026-05-08",
                "members": "Mme Trần",
            },
        ),
        (
            world.url("cooperation:staff_exchange_create"),
            {"date": "2026-02-01", "kind": "meeting", "title": "Comité", "participants": "Tous"},
        ),
        (
            world.url("cooperation:staff_action_create", pk=world.exchange.pk),
            {"description": "Relancer", "due_date": "2026-03-01"},
        ),
        (world.url("cooperation:staff_action_done", pk=world.action.pk), {}),
    ]


def state(world: World) -> tuple:
    """Everything the POSTs above can change."""
    project = world.project
    return (
        DiagnosticContribution.objects.filter(diagnostic__project=project).count(),
        DiagnosticComment.objects.filter(contribution__diagnostic__project=project).count(),
        project.diagnostics.filter(validated_at__isnull=False).count(),
        Objective.objects.filter(project=project).count(),
        tuple(Activity.objects.filter(project=project).values_list("status", flat=True)),
        tuple(Milestone.objects.filter(activity__project=project).values_list("reached_on")),
        Indicator.objects.filter(project=project).count(),
        tuple(Measurement.objects.filter(indicator__project=project).values_list("pk", "status")),
        Delegation.objects.filter(project=project).count(),
        Exchange.objects.filter(project=project).count(),
        tuple(FollowUpAction.objects.filter(exchange__project=project).values_list("done_at")),
    )


# Who may see and change what


def test_every_page_opens_for_the_officer(world, officer):
    for url in [*read_pages(world), *manage_pages(world)]:
        response = officer.get(url)
        assert response.status_code == 200, url
        assert response.context["project"] == world.project
        assert len(re.findall(r"<h1[ >]", response.content.decode())) == 1, url

    evidence = officer.get(
        world.url("cooperation:staff_measurement_evidence", pk=world.measurement.pk)
    )
    assert evidence.status_code == 200
    assert b"".join(evidence.streaming_content) == PDF
    assert evidence["Cache-Control"] == "private, no-store"


def test_every_change_is_accepted_from_the_officer(world, officer, reporter):
    to_return = make_measurement(world.indicator, reporter, 2024, 80)
    for url, data in post_actions(world, to_return):
        before = state(world)
        response = officer.post(url, data)
        assert response.status_code == 302, (url, response.status_code)
        assert state(world) != before, url


def test_viewer_reads_every_page_without_forms_and_gets_404_on_every_change(world, viewer):
    form_names = ("contribution_form", "objective_form", "activity_form", "form")
    for url in read_pages(world):
        response = viewer.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for action_url, _data in post_actions(world):
            assert f'action="{action_url}"' not in page, (url, action_url)
        assert all(response.context.get(name) is None for name in form_names), url
        assert response.context.get("measurement_form") is None
        assert 'enctype="multipart/form-data"' not in page
    for url in manage_pages(world):
        assert viewer.get(url).status_code == 404, url
    assert (
        viewer.get(
            world.url("cooperation:staff_measurement_evidence", pk=world.measurement.pk)
        ).status_code
        == 200
    )

    before = state(world)
    for url, data in post_actions(world):
        assert viewer.post(url, data).status_code == 404, url
    assert state(world) == before


def test_another_department_finds_nothing(world, officer92, client_for):
    client = client_for(officer92)
    urls = [
        *read_pages(world),
        *manage_pages(world),
        world.url("cooperation:staff_measurement_evidence", pk=world.measurement.pk),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        # Nor through the workspace of 92 with the slug of 94's project.
        assert client.get(url.replace("/espace/94/", "/espace/92/")).status_code == 404, url

    before = state(world)
    for url, data in post_actions(world):
        assert client.post(url, data).status_code == 404, url
        assert client.post(url.replace("/espace/94/", "/espace/92/"), data).status_code == 404
    assert state(world) == before


def test_objects_of_another_project_are_not_found(world, other_world, officer):
    """Each pk in the URL of `world` names an object of `other_world`."""
    urls = [
        (world.url("cooperation:staff_indicator_detail", pk=other_world.indicator.pk), None),
        (world.url("cooperation:staff_measurement_evidence", pk=other_world.measurement.pk), None),
        (
            world.url("cooperation:staff_diagnostic_comment", pk=other_world.contribution.pk),
            {"text": "x"},
        ),
        (
            world.url("cooperation:staff_activity_status", pk=other_world.activity.pk),
            {"status": "done"},
        ),
        (
            world.url("cooperation:staff_milestone_create", pk=other_world.activity.pk),
            {"title": "x", "due_date": "2026-01-01"},
        ),
        (world.url("cooperation:staff_milestone_reached", pk=other_world.milestone.pk), {}),
        (world.url("cooperation:staff_measurement_approve", pk=other_world.measurement.pk), {}),
        (
            world.url("cooperation:staff_measurement_return", pk=other_world.measurement.pk),
            {"note": "x"},
        ),
        (
            world.url("cooperation:staff_action_create", pk=other_world.exchange.pk),
            {"description": "x", "due_date": "2026-01-01"},
        ),
        (world.url("cooperation:staff_action_done", pk=other_world.action.pk), {}),
    ]
    before = state(other_world)
    for url, data in urls:
        response = officer.get(url) if data is None else officer.post(url, data)
        assert response.status_code == 404, url
    assert state(other_world) == before


def test_actions_refuse_get(world, officer):
    pages = {*read_pages(world), *manage_pages(world)}  # forms that are pages take a GET
    actions = [url for url, _data in post_actions(world) if url not in pages]

    assert len(actions) == 11
    for url in actions:
        assert officer.get(url).status_code == 405, url


# Shared diagnostic


def test_diagnostic_shows_each_contribution_with_author_organisation_date_and_comments(
    world, officer, officer94
):
    services.diagnostic_comment_add(
        contribution=world.contribution, author=officer94, text="Et la saison des pluies ?"
    )
    written_on = timezone.localtime(world.contribution.created_at)

    response = officer.get(world.url("cooperation:staff_project_diagnostic"))

    page = text_of(response)
    assert "Une province de montagne" in page
    assert "Nguyễn Thị Lan" in page
    assert world.partner_org.name in page
    assert written_on.strftime("%H:%M") in page
    assert "Et la saison des pluies ?" in page
    assert "Olivier Agent" in page
    assert response.context["can_write"]
    assert response.context["contribution_form"] is not None


def test_officer_contributes_then_validates_and_the_diagnostic_is_read_only(
    world, officer, officer94
):
    response = officer.post(
        world.url("cooperation:staff_project_diagnostic"),
        {"section": "ess_opportunities", "text": "Biocoop et Artisans du Monde achètent."},
    )
    assert response.status_code == 302
    contribution = DiagnosticContribution.objects.get(section="ess_opportunities")
    assert contribution.author == officer94
    assert contribution.diagnostic == world.contribution.diagnostic

    response = officer.post(world.url("cooperation:staff_diagnostic_validate"), follow=True)

    assert response.status_code == 200
    diagnostic = world.contribution.diagnostic
    diagnostic.refresh_from_db()
    assert diagnostic.is_validated
    assert response.context["contribution_form"] is None
    page = response.content.decode()
    assert "cooperation:staff_diagnostic_comment" not in page
    assert (
        reverse(
            "cooperation:staff_diagnostic_comment",
            kwargs={"code": "94", "slug": world.project.slug, "pk": contribution.pk},
        )
        not in page
    )
    assert (
        reverse(
            "cooperation:staff_diagnostic_new_version",
            kwargs={"code": "94", "slug": world.project.slug},
        )
        in page
    )


def test_contribution_to_a_validated_diagnostic_is_refused_without_an_error_page(
    world, officer, officer94
):
    services.diagnostic_validate(diagnostic=world.contribution.diagnostic, officer=officer94)

    response = officer.post(
        world.url("cooperation:staff_project_diagnostic"),
        {"section": "needs", "text": "Trop tard."},
    )

    assert response.status_code == 200
    assert response.context["contribution_form"] is None
    comment = officer.post(
        world.url("cooperation:staff_diagnostic_comment", pk=world.contribution.pk),
        {"text": "Trop tard"},
        follow=True,
    )
    assert comment.status_code == 200
    assert messages_of(comment) == [french("The diagnostic is validated and read-only.")]
    assert DiagnosticComment.objects.count() == 0
    again = officer.post(world.url("cooperation:staff_diagnostic_validate"), follow=True)
    assert messages_of(again) == [french("No version of the diagnostic is open.")]
    assert DiagnosticContribution.objects.count() == 1


def test_invalid_contribution_keeps_the_input(world, officer):
    response = officer.post(
        world.url("cooperation:staff_project_diagnostic"), {"section": "assets", "text": "   "}
    )

    assert response.status_code == 200
    form = response.context["contribution_form"]
    assert "text" in form.errors
    assert form["section"].value() == "assets"
    assert DiagnosticContribution.objects.count() == 1


def test_empty_comment_is_refused_next_to_its_contribution(world, officer):
    response = officer.post(
        world.url("cooperation:staff_diagnostic_comment", pk=world.contribution.pk), {"text": ""}
    )

    assert response.status_code == 200
    assert response.context["comment_for"] == world.contribution.pk
    assert f'id="comment-{world.contribution.pk}-error"' in response.content.decode()
    assert DiagnosticComment.objects.count() == 0


def test_new_version_after_validation_and_older_versions_stay_readable(world, officer, officer94):
    assert officer.post(world.url("cooperation:staff_diagnostic_new_version")).status_code == 302
    assert world.project.diagnostics.count() == 1  # refused: version 1 is still open
    services.diagnostic_validate(diagnostic=world.contribution.diagnostic, officer=officer94)

    officer.post(world.url("cooperation:staff_diagnostic_new_version"))
    officer.post(
        world.url("cooperation:staff_project_diagnostic"), {"section": "needs", "text": "Nouveau."}
    )

    latest = officer.get(world.url("cooperation:staff_project_diagnostic"))
    assert latest.context["diagnostic"].number == 2
    assert latest.context["can_write"]
    assert "Nouveau." in text_of(latest)
    first = officer.get(world.url("cooperation:staff_project_diagnostic") + "?version=1")
    assert first.context["diagnostic"].number == 1
    assert not first.context["can_write"]
    assert "Nouveau." not in text_of(first)
    assert "Une province de montagne" in text_of(first)
    for bad in ("9", "abc"):
        url = world.url("cooperation:staff_project_diagnostic") + f"?version={bad}"
        assert officer.get(url).status_code == 404


# Objectives and action plan


def test_objectives_show_targets_plan_milestones_and_overdue_state(world, officer, sdg_targets):
    services.objective_create(
        project=world.project, title="Vendre le thé en France", sdg_targets=[sdg_targets["12.3"]]
    )
    services.milestone_create(
        activity=world.activity,
        title="Deuxième session",
        due_date=timezone.localdate() + timedelta(days=30),
    )

    response = officer.get(world.url("cooperation:staff_project_objectives"))

    page = text_of(response)
    assert "12.3" in page
    assert sdg_targets["12.3"].title_fr in page
    assert world.partner_org.name in page
    assert "Première session" in page  # due in April 2025: overdue
    assert page.count(french("overdue")) == 1
    plan = response.context["plan"]
    assert [objective.title for objective, _activities in plan] == [
        "Certifier les ménages producteurs",
        "Vendre le thé en France",
    ]
    assert plan[0][1] == [world.activity]


def test_officer_adds_an_objective_tagged_with_sdg_targets(world, officer, sdg_targets):
    response = officer.post(
        world.url("cooperation:staff_objective_create"),
        {"title": "Vendre le thé en France", "sdg_targets": "12.3, 2.4"},
    )

    assert response.status_code == 302
    objective = world.project.objectives.get(title="Vendre le thé en France")
    assert set(objective.sdg_targets.values_list("code", flat=True)) == {"12.3", "2.4"}
    assert set(world.project.sdg_goals.values_list("number", flat=True)) == {2, 12}


def test_invalid_objective_keeps_the_input(world, officer, sdg_targets):
    response = officer.post(
        world.url("cooperation:staff_objective_create"),
        {"title": "Vendre le thé", "description": "En France", "sdg_targets": "12.3, 99.9"},
    )

    assert response.status_code == 200
    form = response.context["objective_form"]
    assert "sdg_targets" in form.errors
    page = response.content.decode()
    assert 'value="Vendre le thé"' in page
    assert 'value="12.3, 99.9"' in page
    assert world.project.objectives.count() == 1


def test_invalid_activity_keeps_the_input_and_the_other_form_stays_empty(world, officer):
    response = officer.post(
        world.url("cooperation:staff_activity_create"),
        {
            "title": "Salon Natexpo",
            "status": "planned",
            "start_date": "2026-09-10",
            "end_date": "2026-09-01",
        },
    )

    assert response.status_code == 200
    assert "end_date" in response.context["activity_form"].errors
    assert not response.context["objective_form"].is_bound
    assert 'value="Salon Natexpo"' in response.content.decode()
    assert world.project.activities.count() == 1


def test_activity_status_milestones_and_their_errors(world, officer):
    officer.post(
        world.url("cooperation:staff_activity_status", pk=world.activity.pk), {"status": "done"}
    )
    world.activity.refresh_from_db()
    assert world.activity.status == ActivityStatus.DONE

    refused = officer.post(
        world.url("cooperation:staff_activity_status", pk=world.activity.pk), {"status": "someday"}
    )
    assert refused.status_code == 302
    world.activity.refresh_from_db()
    assert world.activity.status == ActivityStatus.DONE

    officer.post(world.url("cooperation:staff_milestone_reached", pk=world.milestone.pk))
    world.milestone.refresh_from_db()
    assert world.milestone.reached_on == timezone.localdate()

    response = officer.post(
        world.url("cooperation:staff_milestone_create", pk=world.activity.pk),
        {"title": "Bilan annuel", "due_date": ""},
    )
    assert response.status_code == 200
    assert response.context["milestone_for"] == world.activity.pk
    page = response.content.decode()
    assert 'value="Bilan annuel"' in page
    assert f'id="milestone-{world.activity.pk}-due-error"' in page
    assert world.activity.milestones.count() == 1


# Indicators and measurements


def test_indicators_tab_shows_progress_chart_and_measurements_to_review(
    world, officer, officer94, reporter
):
    services.measurement_approve(measurement=world.measurement, officer=officer94)
    make_measurement(world.indicator, reporter, 2026, 180)  # submitted: to review

    response = officer.get(world.url("cooperation:staff_project_indicators"))

    page = response.content.decode()
    assert f'id="chart-{world.indicator.pk}-title"' in page
    assert "<svg" in page
    ((progress, to_review),) = response.context["rows"]
    assert progress.current == Decimal(120)
    assert progress.percent == Decimal(40)
    assert to_review == 1
    assert "40\u00a0%" in text_of(response)


def test_officer_adds_an_indicator_and_an_invalid_one_keeps_the_input(world, officer, sdg_targets):
    response = officer.post(
        world.url("cooperation:staff_project_indicators"),
        {
            "title": "Hectares sous certification bio",
            "level": "outcome",
            "measure_type": "number",
            "unit": "ha",
            "baseline_value": "12,5",
            "target_value": "150",
            "direction": "higher",
            "objective": world.objective.pk,
            "sdg_targets": "2.4",
        },
    )
    assert response.status_code == 302
    indicator = world.project.indicators.get(title="Hectares sous certification bio")
    assert indicator.baseline_value == Decimal("12.5")
    assert list(world.project.sdg_goals.values_list("number", flat=True)) == [2]

    response = officer.post(
        world.url("cooperation:staff_project_indicators"),
        {
            "title": "Perception du commerce équitable",
            "level": "outcome",
            "measure_type": "qualitative",
            "target_value": "10",
            "direction": "higher",
        },
    )
    assert response.status_code == 200
    assert "target_value" in response.context["form"].errors
    assert 'value="Perception du commerce équitable"' in response.content.decode()
    assert world.project.indicators.count() == 2


def test_indicator_detail_lists_every_measurement_with_its_review(
    world, officer, reporter, officer94
):
    draft = make_measurement(world.indicator, reporter, 2023, 10, submit=False)
    returned = make_measurement(world.indicator, reporter, 2024, 50)
    services.measurement_return(measurement=returned, officer=officer94, note="Quelle source ?")

    response = officer.get(world.url("cooperation:staff_indicator_detail", pk=world.indicator.pk))

    assert response.context["measurements"] == [draft, returned, world.measurement]
    page = response.content.decode()
    assert "Quelle source ?" in page
    assert "Nguyễn Thị Lan" in page
    evidence = world.url("cooperation:staff_measurement_evidence", pk=world.measurement.pk)
    assert f'href="{evidence}"' in page
    # Approve and return are offered for the submitted measurement only.
    assert (
        page.count('action="' + world.url("cooperation:staff_measurement_approve", pk=draft.pk))
        == 0
    )
    approve = world.url("cooperation:staff_measurement_approve", pk=world.measurement.pk)
    assert page.count(f'action="{approve}"') == 1
    assert page.count("/approuver/") == 1


def test_officer_records_a_draft_and_submits_a_measurement_with_evidence(world, officer, officer94):
    url = world.url("cooperation:staff_indicator_detail", pk=world.indicator.pk)

    officer.post(url, {"period_start": "2026-01-01", "period_end": "2026-12-31", "action": "draft"})
    response = officer.post(
        url,
        {
            "period_start": "2027-01-01",
            "period_end": "2027-12-31",
            "value": "210",
            "comment": "Chiffres de la coopérative",
            "evidence": SimpleUploadedFile("liste.pdf", PDF, content_type="application/pdf"),
            "action": "submit",
        },
    )

    assert response.status_code == 302
    draft = world.indicator.measurements.get(period_start=date(2026, 1, 1))
    submitted = world.indicator.measurements.get(period_start=date(2027, 1, 1))
    assert draft.status == MeasurementStatus.DRAFT
    assert draft.value is None
    assert submitted.status == MeasurementStatus.SUBMITTED
    assert submitted.reporter == officer94
    assert submitted.value == Decimal(210)
    assert submitted.evidence.read() == PDF


def test_invalid_measurement_keeps_the_input(world, officer):
    url = world.url("cooperation:staff_indicator_detail", pk=world.indicator.pk)

    response = officer.post(
        url,
        {
            "period_start": "2026-12-31",
            "period_end": "2026-01-01",
            "value": "75",
            "comment": "Estimation",
            "action": "submit",
        },
    )
    assert response.status_code == 200
    assert "period_end" in response.context["measurement_form"].errors
    assert 'value="75"' in response.content.decode()

    # Submitting without a value: the service's refusal lands next to the field.
    response = officer.post(
        url, {"period_start": "2026-01-01", "period_end": "2026-12-31", "action": "submit"}
    )
    assert response.status_code == 200
    assert "value" in response.context["measurement_form"].errors
    assert world.indicator.measurements.count() == 1


def test_officer_approves_or_returns_a_submitted_measurement(world, officer, reporter, officer94):
    other = make_measurement(world.indicator, reporter, 2026, 150)

    officer.post(world.url("cooperation:staff_measurement_approve", pk=world.measurement.pk))
    response = officer.post(
        world.url("cooperation:staff_measurement_return", pk=other.pk),
        {"note": "Joindre la liste des ménages."},
    )

    assert response.status_code == 302
    world.measurement.refresh_from_db()
    other.refresh_from_db()
    assert world.measurement.status == MeasurementStatus.APPROVED
    assert world.measurement.reviewed_by == officer94
    assert other.status == MeasurementStatus.RETURNED
    assert other.review_note == "Joindre la liste des ménages."
    assert [message.to for message in mail.outbox] == [[reporter.email]]

    # An approved measurement can be neither approved nor returned again: a message, no 500.
    again = officer.post(
        world.url("cooperation:staff_measurement_approve", pk=world.measurement.pk), follow=True
    )
    assert again.status_code == 200
    assert messages_of(again)[-1].startswith(
        french("A measurement “%(from)s” cannot become “%(to)s”.")[:12]
    )
    returned_again = officer.post(
        world.url("cooperation:staff_measurement_return", pk=world.measurement.pk), {"note": "Non"}
    )
    assert returned_again.status_code == 302
    world.measurement.refresh_from_db()
    assert world.measurement.status == MeasurementStatus.APPROVED
    assert len(mail.outbox) == 1


def test_return_without_a_note_is_refused_next_to_the_measurement(world, officer):
    response = officer.post(
        world.url("cooperation:staff_measurement_return", pk=world.measurement.pk), {"note": " "}
    )

    assert response.status_code == 200
    assert response.context["return_for"] == world.measurement.pk
    assert f'id="return-{world.measurement.pk}-note-error"' in response.content.decode()
    world.measurement.refresh_from_db()
    assert world.measurement.status == MeasurementStatus.SUBMITTED
    assert mail.outbox == []


def test_evidence_of_a_measurement_without_one_is_not_found(world, officer, reporter):
    measurement = make_measurement(world.indicator, reporter, 2026, 1)

    response = officer.get(world.url("cooperation:staff_measurement_evidence", pk=measurement.pk))

    assert response.status_code == 404


# Delegations and exchanges


def test_exchanges_tab_shows_delegations_exchanges_and_overdue_actions(world, officer):
    services.follow_up_action_create(
        exchange=world.exchange,
        description="Préparer la visite",
        owner=world.project.created_by,
        due_date=timezone.localdate() + timedelta(days=10),
    )

    response = officer.get(world.url("cooperation:staff_project_exchanges"))

    page = text_of(response)
    assert "M. Hoàng" in page
    assert world.partner_org.name in page
    assert "Point d’étape" in page
    assert "Envoyer le compte rendu" in page  # due in February 2026
    assert page.count(french("overdue")) == 1
    assert world.url("cooperation:staff_delegation_create") in page
    assert world.url("cooperation:staff_exchange_create") in page


def test_officer_records_a_delegation_and_an_exchange(world, officer, dept94):
    response = officer.post(
        world.url("cooperation:staff_delegation_create"),
        {
            "origin": world.delegation.origin_id,
            "arrival_date": "2026-05-04",
            "departure_date": "2026-05-08",
            "members": "Mme Trần, directrice de la coopérative",
            "programme": "Visite du pôle ESS",
            "structures": [world.partner_org.pk],
            "outcomes": "Un contrat d’achat",
        },
    )
    assert response.status_code == 302
    delegation = world.project.delegations.get(arrival_date=date(2026, 5, 4))
    assert delegation.department == dept94
    assert list(delegation.structures.all()) == [world.partner_org]

    response = officer.post(
        world.url("cooperation:staff_exchange_create"),
        {"date": "2026-02-01", "kind": "meeting", "title": "Comité", "participants": "Tous"},
    )
    assert response.status_code == 302
    assert world.project.exchanges.filter(title="Comité").exists()


def test_invalid_delegation_or_exchange_keeps_the_input(world, officer):
    response = officer.post(
        world.url("cooperation:staff_delegation_create"),
        {
            "origin": world.delegation.origin_id,
            "arrival_date": "2026-05-08",
            "departure_date": "2026-05-04",
            "members": "Mme Trần",
        },
    )
    assert response.status_code == 200
    assert "departure_date" in response.context["form"].errors
    assert "Mme Trần" in text_of(response)

    response = officer.post(
        world.url("cooperation:staff_exchange_create"),
        {"date": "", "kind": "call", "title": "Appel"},
    )
    assert response.status_code == 200
    assert {"date", "participants"} <= set(response.context["form"].errors)
    assert 'value="Appel"' in response.content.decode()
    assert world.project.delegations.count() == 1
    assert world.project.exchanges.count() == 1


def test_follow_up_actions_are_added_and_done(world, officer, officer94, admin94):
    url = world.url("cooperation:staff_action_create", pk=world.exchange.pk)

    officer.post(url, {"description": "Relancer Biocoop", "due_date": "2026-03-01"})
    officer.post(
        url,
        {"description": "Réserver la salle", "owner": admin94.pk, "due_date": "2026-03-05"},
    )
    officer.post(world.url("cooperation:staff_action_done", pk=world.action.pk))

    owners = dict(world.exchange.actions.values_list("description", "owner"))
    assert owners["Relancer Biocoop"] == officer94.pk  # whoever records it, by default
    assert owners["Réserver la salle"] == admin94.pk
    world.action.refresh_from_db()
    assert world.action.done_at is not None


def test_invalid_follow_up_action_keeps_the_input_next_to_its_exchange(world, officer, reporter):
    second = make_exchange(world.project, title="Visite")

    response = officer.post(
        world.url("cooperation:staff_action_create", pk=world.exchange.pk),
        {"description": "Relancer", "owner": reporter.pk, "due_date": "bientôt"},
    )

    assert response.status_code == 200
    assert response.context["action_for"] == world.exchange.pk
    assert {"owner", "due_date"} <= set(response.context["action_form"].errors)
    page = response.content.decode()
    assert f'id="action-{world.exchange.pk}-due-error"' in page
    assert f'id="action-{second.pk}-due-error"' not in page
    assert 'value="Relancer"' in page
    assert world.exchange.actions.count() == 1


# Query counts: the tabs do not run more queries with more rows


def populate(world: World, count: int, officer, reporter, sdg_targets) -> None:
    project = world.project
    diagnostic_comment_authors = [UserFactory() for _ in range(2)]
    for number in range(count):
        contribution = services.diagnostic_contribution_add(
            project=project,
            author=UserFactory(),
            section=["context", "needs", "assets", "actors", "ess_opportunities"][number % 5],
            text=f"Contribution {number}",
            organisation=world.partner_org,
        )
        for author in diagnostic_comment_authors:
            services.diagnostic_comment_add(contribution=contribution, author=author, text="Oui")
        objective = services.objective_create(
            project=project,
            title=f"Objectif {number}",
            sdg_targets=[sdg_targets["12.3"], sdg_targets["2.4"]],
        )
        partner = services.project_partner_add(
            project=project,
            organisation=OrganisationFactory(department=project.department),
            role="partner",
            side="partner",
        )
        activity = services.activity_create(
            project=project, title=f"Activité {number}", objective=objective, responsible=partner
        )
        for month in (1, 2):
            services.milestone_create(
                activity=activity, title="Jalon", due_date=date(2026, month, 1)
            )
        indicator = make_indicator(
            project,
            title=f"Indicateur {number}",
            objective=objective,
            sdg_targets=[sdg_targets["2.4"]],
        )
        for year in (2024, 2025):
            measurement = make_measurement(indicator, UserFactory(), year, 10 * year)
            services.measurement_approve(measurement=measurement, officer=officer)
        make_measurement(indicator, reporter, 2026, 5)
        services.delegation_create(
            department=project.department,
            project=project,
            origin=PartnerTerritoryFactory(),
            arrival_date=date(2025, 1, 1),
            departure_date=date(2025, 1, 2),
            members="Délégation",
            structures=[OrganisationFactory(department=project.department) for _ in range(2)],
        )
        exchange = make_exchange(project, title=f"Échange {number}")
        for _ in range(2):
            services.follow_up_action_create(
                exchange=exchange,
                description="Action",
                owner=UserFactory(),
                due_date=date(2026, 1, 1),
            )


QUERY_COUNT = [1, 12]


@pytest.mark.parametrize("count", QUERY_COUNT)
def test_diagnostic_query_count_does_not_grow(
    count, world, officer, officer94, reporter, sdg_targets, django_assert_max_num_queries
):
    populate(world, count, officer94, reporter, sdg_targets)

    # 1-2: the session and its user
    # 3: the membership in 94, with its department (staff_view)
    # 4: the project, with its department and creator
    # 5-9: its territories, SDGs, themes, co-departments and SDG targets (prefetch)
    # 10: the versions of the diagnostic, with who validated them
    # 11: the contributions of the version, with author and organisation
    # 12: their comments; 13: the comments' authors
    # 14: the departments of the header's workspace switcher (context processor)
    # 15: the organisations the contribution form offers (the project's partners)
    with django_assert_max_num_queries(15):
        response = officer.get(world.url("cooperation:staff_project_diagnostic"))

    assert response.status_code == 200
    assert sum(len(items) for _v, _l, items in response.context["view"].sections) == count + 1


@pytest.mark.parametrize("count", QUERY_COUNT)
def test_objectives_query_count_does_not_grow(
    count, world, officer, officer94, reporter, sdg_targets, django_assert_max_num_queries
):
    populate(world, count, officer94, reporter, sdg_targets)

    # 1-9: session, user, membership, the project and its prefetched relations (see above)
    # 10: the objectives; 11: their SDG targets, with their goal
    # 12: the activities, with objective, responsible partner and organisation
    # 13: their milestones
    # 14: the departments of the header's workspace switcher (context processor)
    # 15-16: the objectives and the partners the activity form offers
    with django_assert_max_num_queries(16):
        response = officer.get(world.url("cooperation:staff_project_objectives"))

    assert response.status_code == 200
    assert len(response.context["objectives"]) == count + 1


@pytest.mark.parametrize("count", QUERY_COUNT)
def test_indicators_query_count_does_not_grow(
    count, world, officer, officer94, reporter, sdg_targets, django_assert_max_num_queries
):
    populate(world, count, officer94, reporter, sdg_targets)

    # 1-9: session, user, membership, the project and its prefetched relations (see above)
    # 10: the indicators, with their objective
    # 11: their SDG targets, with their goal
    # 12: their measurements, with reporter and reviewer
    # 13: the departments of the header's workspace switcher (context processor)
    # 14: the objectives the indicator form offers
    with django_assert_max_num_queries(14):
        response = officer.get(world.url("cooperation:staff_project_indicators"))

    assert response.status_code == 200
    assert len(response.context["rows"]) == count + 1


@pytest.mark.parametrize("count", QUERY_COUNT)
def test_exchanges_query_count_does_not_grow(
    count, world, officer, officer94, reporter, sdg_targets, django_assert_max_num_queries
):
    populate(world, count, officer94, reporter, sdg_targets)

    # 1-9: session, user, membership, the project and its prefetched relations (see above)
    # 10: the owners the add-action forms offer (one list for every exchange)
    # 11: the departments of the header's workspace switcher (context processor)
    # 12: the delegations, with their origin; 13: their structures
    # 14: the exchanges; 15: their actions, with their owner
    with django_assert_max_num_queries(15):
        response = officer.get(world.url("cooperation:staff_project_exchanges"))

    assert response.status_code == 200
    assert len(response.context["exchanges"]) == count + 1


# Editing objectives and indicators


def test_officer_edits_an_indicator_target_and_its_measurements_stay(world, officer, reporter):
    measurement = make_measurement(world.indicator, reporter, 2025, 1)
    indicator = world.indicator
    url = world.url("cooperation:staff_indicator_update", pk=indicator.pk)
    form = officer.get(url).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name != "sdg_targets"
    }
    data.update(target_value="350", version=indicator.version)

    response = officer.post(url, data)

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.target_value == 350
    assert measurement in indicator.measurements.all()


def test_an_objective_edited_meanwhile_is_not_overwritten(world, officer):

    objective = services.objective_create(project=world.project, title="Former")
    opened = objective.version
    services.objective_update(
        objective=objective, expected_version=opened, title="Former les producteurs"
    )

    response = officer.post(
        world.url("cooperation:staff_objective_update", pk=objective.pk),
        {"title": "Autre titre", "version": opened},
    )

    assert response.status_code == 200
    objective.refresh_from_db()
    assert objective.title == "Former les producteurs"
