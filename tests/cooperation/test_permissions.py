"""The permission matrix of the cooperation projects: every staff URL, every person.

On the harness of tests/permission_matrix.py (after pretix): one list names every URL
of /espace/<code>/projets/… with the capability it requires; each test walks it with one
kind of person. Another department, a reviewer, a project contributor, an ESS actor, a
superuser: 404, never the project. A `cooperation:` URL of the workspace missing from the
list fails the first test. Contributors' own URLs (/compte/projets/…) have their matrix
below.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperation import services
from cooperation.models import (
    ContributorRole,
    CooperationProject,
    DiagnosticComment,
    FollowUpAction,
    IndicatorLevel,
    Measurement,
    MeasureType,
    Milestone,
    ProjectContributor,
    ProjectDocument,
    ProjectInvitation,
    ProjectPartner,
    SdgTarget,
)
from partners.models import Organisation
from partners.permissions import MANAGE_PROJECTS, VIEW_PROJECTS
from tests.factories import OrganisationFactory, PartnerTerritoryFactory, UserFactory
from tests.permission_matrix import (
    ACCOUNT_ROUTE,
    GET,
    HOLDERS_IN_94,
    PEOPLE,
    POST,
    MatrixUrl,
    assert_answer,
    assert_lists_exactly,
    assert_matrix_lists_every_staff_url,
    holders_by_role,
    send,
    url_names,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class Url(MatrixUrl):
    """A line of the projects' matrix: the project's slug fills the URL (but for the list
    pages), ``obj`` the ``pk`` (``outsider``: the ``organisation_pk``)."""

    def url_kwargs(self, world: "ProjectWorld") -> dict:
        kwargs: dict = {}
        if self.name not in NO_SLUG:
            kwargs["slug"] = world.project.slug
        if self.obj == "outsider":
            kwargs["organisation_pk"] = world.outsider.pk
        elif self.obj:
            kwargs["pk"] = getattr(world, self.obj).pk
        return kwargs


NO_SLUG = {
    "cooperation:staff_project_list",
    "cooperation:staff_project_export_csv",
    "cooperation:staff_project_export_xlsx",
    "cooperation:staff_project_create",
}

STAFF_URLS = [
    Url("cooperation:staff_project_list", GET, VIEW_PROJECTS),
    Url("cooperation:staff_project_export_csv", GET, VIEW_PROJECTS),
    Url("cooperation:staff_project_export_xlsx", GET, VIEW_PROJECTS),
    Url("cooperation:staff_project_create", GET, MANAGE_PROJECTS),
    Url("cooperation:staff_project_detail", GET, VIEW_PROJECTS),
    Url("cooperation:staff_project_update", GET, MANAGE_PROJECTS),
    Url("cooperation:staff_project_publish", POST, MANAGE_PROJECTS),
    Url("cooperation:staff_project_unpublish", POST, MANAGE_PROJECTS),
    Url("cooperation:staff_project_partners", GET, VIEW_PROJECTS),
    Url(
        "cooperation:staff_project_partner_add",
        POST,
        MANAGE_PROJECTS,
        "outsider",
        {"role": "partner", "side": "french"},
    ),
    Url("cooperation:staff_project_partner_remove", POST, MANAGE_PROJECTS, "partner"),
    Url("cooperation:staff_project_contributors", GET, VIEW_PROJECTS),
    Url("cooperation:staff_project_contributor_remove", POST, MANAGE_PROJECTS, "contributor"),
    Url("cooperation:staff_project_invitation_cancel", POST, MANAGE_PROJECTS, "invitation"),
    Url("cooperation:staff_project_documents", GET, VIEW_PROJECTS),
    Url("cooperation:staff_project_document", GET, VIEW_PROJECTS, "document"),
    Url("cooperation:staff_project_document_remove", POST, MANAGE_PROJECTS, "document"),
    Url("cooperation:staff_project_history", GET, VIEW_PROJECTS),
    Url("cooperation:staff_project_diagnostic", GET, VIEW_PROJECTS),
    Url(
        "cooperation:staff_diagnostic_comment",
        POST,
        MANAGE_PROJECTS,
        "contribution",
        {"text": "D’accord."},
    ),
    Url("cooperation:staff_diagnostic_validate", POST, MANAGE_PROJECTS),
    Url("cooperation:staff_diagnostic_new_version", POST, MANAGE_PROJECTS),
    Url("cooperation:staff_project_objectives", GET, VIEW_PROJECTS),
    Url("cooperation:staff_objective_create", POST, MANAGE_PROJECTS, None, {"title": "Former"}),
    Url("cooperation:staff_objective_update", GET, MANAGE_PROJECTS, "objective"),
    Url(
        "cooperation:staff_activity_create",
        POST,
        MANAGE_PROJECTS,
        None,
        {"title": "Atelier", "status": "planned"},
    ),
    Url("cooperation:staff_activity_status", POST, MANAGE_PROJECTS, "activity", {"status": "done"}),
    Url(
        "cooperation:staff_milestone_create",
        POST,
        MANAGE_PROJECTS,
        "activity",
        {"title": "Rapport", "due_date": "2026-06-30"},
    ),
    Url("cooperation:staff_milestone_reached", POST, MANAGE_PROJECTS, "milestone"),
    Url("cooperation:staff_project_indicators", GET, VIEW_PROJECTS),
    Url("cooperation:staff_indicator_detail", GET, VIEW_PROJECTS, "indicator"),
    Url("cooperation:staff_indicator_update", GET, MANAGE_PROJECTS, "indicator"),
    Url("cooperation:staff_measurement_approve", POST, MANAGE_PROJECTS, "measurement"),
    Url(
        "cooperation:staff_measurement_return",
        POST,
        MANAGE_PROJECTS,
        "measurement",
        {"note": "Joindre le justificatif."},
    ),
    Url("cooperation:staff_measurement_evidence", GET, VIEW_PROJECTS, "measurement"),
    Url("cooperation:staff_project_exchanges", GET, VIEW_PROJECTS),
    Url("cooperation:staff_delegation_create", GET, MANAGE_PROJECTS),
    Url("cooperation:staff_exchange_create", GET, MANAGE_PROJECTS),
    Url(
        "cooperation:staff_action_create",
        POST,
        MANAGE_PROJECTS,
        "exchange",
        {"description": "Envoyer le compte rendu", "due_date": "2026-12-15"},
    ),
    Url("cooperation:staff_action_done", POST, MANAGE_PROJECTS, "action"),
]

# The cast of the harness, plus the contributor of the project of 94.
PROJECT_PEOPLE = [*PEOPLE, "contributor"]


@dataclass
class ProjectWorld:
    """An unpublished project of one department with one object of every kind."""

    project: CooperationProject
    outsider: Organisation
    partner: ProjectPartner
    contributor: ProjectContributor
    invitation: ProjectInvitation
    document: ProjectDocument
    contribution: object
    objective: object
    activity: object
    milestone: Milestone
    indicator: object
    measurement: Measurement
    exchange: object
    action: FollowUpAction

    def state(self) -> tuple:
        """Everything a staff action can change, to prove a refused request changed nothing."""
        project = CooperationProject.objects.get(pk=self.project.pk)
        measurement = Measurement.objects.get(pk=self.measurement.pk)
        return (
            project.version,
            project.is_public,
            ProjectPartner.objects.filter(project=project).count(),
            ProjectContributor.objects.filter(project=project).count(),
            ProjectInvitation.objects.filter(project=project).count(),
            ProjectDocument.objects.filter(project=project).count(),
            DiagnosticComment.objects.filter(contribution__diagnostic__project=project).count(),
            project.diagnostics.filter(validated_at__isnull=False).count(),
            project.diagnostics.count(),
            project.objectives.count(),
            project.activities.count(),
            tuple(project.activities.values_list("status", flat=True)),
            Milestone.objects.filter(activity__project=project).count(),
            tuple(
                Milestone.objects.filter(activity__project=project).values_list(
                    "reached_on", flat=True
                )
            ),
            measurement.status,
            FollowUpAction.objects.filter(exchange__project=project).count(),
            tuple(
                FollowUpAction.objects.filter(exchange__project=project).values_list(
                    "done_at", flat=True
                )
            ),
        )


def _world(department, prefix: str, officer) -> ProjectWorld:
    territory = PartnerTerritoryFactory(
        name=f"Province {prefix}",
        slug=f"province-{prefix}",
        latitude=Decimal("21.7"),
        longitude=Decimal("104.9"),
    )
    project = services.project_create(
        department=department,
        created_by=officer,
        title=f"Filière de thé {prefix}",
        kind="decentralised",
        summary="Une filière de thé bio et équitable.",
        territories=[territory],
        sdg_targets=SdgTarget.objects.filter(code="2.3"),
    )
    structure = OrganisationFactory(department=department, slug=f"pole-{prefix}")
    partner = services.project_partner_add(
        project=project, organisation=structure, role="lead", side="french"
    )
    contributor_user = UserFactory(email=f"contributeur{prefix}@example.org")
    contributor = ProjectContributor.objects.create(
        project=project, user=contributor_user, role=ContributorRole.CONTRIBUTOR
    )
    invitation = ProjectInvitation.objects.create(
        project=project, email=f"invite{prefix}@example.org", role="reader", token=f"tok-{prefix}"
    )
    document = services.project_document_add(
        project=project,
        title="Convention",
        file=SimpleUploadedFile("convention.pdf", PDF, content_type="application/pdf"),
        is_public=False,
        uploaded_by=officer,
    )
    contribution = services.diagnostic_contribution_add(
        project=project, author=officer, section="context", text="Contexte."
    )
    objective = services.objective_create(project=project, title="Certifier les producteurs")
    activity = services.activity_create(project=project, title="Formations", objective=objective)
    milestone = services.milestone_create(
        activity=activity, title="Première session", due_date=date(2026, 3, 1)
    )
    indicator = services.indicator_create(
        project=project,
        title="Ménages certifiés",
        level=IndicatorLevel.OUTCOME,
        measure_type=MeasureType.NUMBER,
        baseline_value=Decimal(0),
        target_value=Decimal(300),
    )
    measurement = services.measurement_create(
        indicator=indicator,
        reporter=contributor_user,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        value=Decimal(120),
        evidence=SimpleUploadedFile("preuve.pdf", PDF, content_type="application/pdf"),
        submit=True,
    )
    exchange = services.exchange_create(
        project=project,
        date=date(2026, 1, 15),
        kind="call",
        title="Point d’étape",
        participants="Équipes des deux territoires",
    )
    action = services.follow_up_action_create(
        exchange=exchange, description="Relancer", owner=officer, due_date=date(2026, 2, 1)
    )
    return ProjectWorld(
        project=project,
        outsider=OrganisationFactory(department=department, slug=f"outsider-{prefix}"),
        partner=partner,
        contributor=contributor,
        invitation=invitation,
        document=document,
        contribution=contribution,
        objective=objective,
        activity=activity,
        milestone=milestone,
        indicator=indicator,
        measurement=measurement,
        exchange=exchange,
        action=action,
    )


@pytest.fixture
def world94(reference_data, dept94, officer94) -> ProjectWorld:
    return _world(dept94, "94", officer94)


@pytest.fixture
def world92(reference_data, dept92, officer92) -> ProjectWorld:
    return _world(dept92, "92", officer92)


@pytest.fixture
def people(people, world94) -> dict:
    return {**people, "contributor": world94.contributor.user}


# What an action needs before it can do anything: a published project to unpublish, a
# validated diagnostic to open a new version of.
PREPARATIONS = {
    "cooperation:staff_project_unpublish": lambda world, officer: services.project_publish(
        project=world.project
    ),
    "cooperation:staff_diagnostic_new_version": lambda world, officer: services.diagnostic_validate(
        diagnostic=world.project.diagnostics.get(), officer=officer
    ),
}


def test_matrix_lists_every_staff_url_of_the_projects():
    assert_matrix_lists_every_staff_url(STAFF_URLS, namespaces=("cooperation",))


def test_project_capabilities_match_the_roles():
    for capability in (VIEW_PROJECTS, MANAGE_PROJECTS):
        assert holders_by_role(capability) == HOLDERS_IN_94[capability]
        assert "reviewer94" not in HOLDERS_IN_94[capability]


@pytest.mark.parametrize("person", PROJECT_PEOPLE)
@pytest.mark.parametrize("url", STAFF_URLS, ids=lambda url: url.id)
def test_project_url_answers_each_person_according_to_their_role_in_94(
    url, person, people, world94, client_for
):
    path = url.path("94", world94)
    prepare = PREPARATIONS.get(url.name)
    if prepare:
        prepare(world94, people["officer94"])
    before = world94.state()

    response = send(client_for(people[person]), url, path, world94)

    # A form of the project's pages may answer an accepted post with the page itself.
    assert_answer(
        response,
        url=url,
        person=person,
        path=path,
        world=world94,
        before=before,
        accepted=(200, 302),
    )


@pytest.mark.parametrize("url", [u for u in STAFF_URLS if u.method == POST], ids=lambda u: u.id)
def test_post_only_project_action_refuses_get(url, officer94, world94, client_for):
    before = world94.state()
    response = client_for(officer94).get(url.path("94", world94))
    assert response.status_code == 405
    assert world94.state() == before


@pytest.mark.parametrize(
    "url", [u for u in STAFF_URLS if u.name not in NO_SLUG], ids=lambda u: u.id
)
def test_project_of_department_92_is_not_found_from_the_workspace_of_94(
    url, officer94, admin94, world94, world92, client_for
):
    before = world92.state()
    for user in (officer94, admin94):
        response = send(client_for(user), url, url.path("94", world92), world92)
        assert response.status_code == 404, user
        response = send(client_for(user), url, url.path("92", world92), world92)
        assert response.status_code == 404, user
    assert world92.state() == before


@pytest.mark.parametrize("url", [u for u in STAFF_URLS if u.obj], ids=lambda u: u.id)
def test_object_of_another_project_of_the_same_department_is_not_found(
    url, officer94, world94, dept94, client_for
):
    """A pk must belong to the project of the URL, not just to the department."""
    other = _world(dept94, "94bis", officer94)
    before = other.state()
    kwargs = {"code": "94", "slug": world94.project.slug}
    if url.obj == "outsider":
        services.project_partner_add(
            project=world94.project, organisation=other.outsider, role="partner", side="french"
        )
        kwargs["organisation_pk"] = other.outsider.pk
    else:
        kwargs["pk"] = getattr(other, url.obj).pk

    response = send(client_for(officer94), url, reverse(url.name, kwargs=kwargs), other)

    assert response.status_code == 404
    assert other.state() == before


# Contributors: their pages under /compte/projets/…, scoped to their own project.

CONTRIBUTOR_URLS = {
    "cooperation:contributor_project_list": None,
    "cooperation:project_invitation_accept": None,
    "cooperation:contributor_project_detail": "project",
    "cooperation:contributor_diagnostic": "project",
    "cooperation:contributor_diagnostic_comment": "contribution",
    "cooperation:contributor_indicator": "indicator",
    "cooperation:contributor_measurement_update": "measurement",
    "cooperation:contributor_measurement_evidence": "measurement",
}


def test_matrix_lists_every_contributor_url():
    assert_lists_exactly(
        url_names(ACCOUNT_ROUTE, namespaces=("cooperation",)), set(CONTRIBUTOR_URLS)
    )


def _contributor_path(name: str, world: ProjectWorld) -> str:
    obj = CONTRIBUTOR_URLS[name]
    if name == "cooperation:project_invitation_accept":
        return reverse(name, kwargs={"token": world.invitation.token})
    if obj is None:
        return reverse(name)
    kwargs = {"slug": world.project.slug}
    if obj != "project":
        kwargs["pk"] = getattr(world, obj).pk
    return reverse(name, kwargs=kwargs)


# The measurement of the world is submitted: its correction page is tested with a draft.
CONTRIBUTOR_PAGES = [
    name
    for name, obj in CONTRIBUTOR_URLS.items()
    if obj
    and name
    not in (
        "cooperation:contributor_diagnostic_comment",
        "cooperation:contributor_measurement_update",
    )
]


@pytest.mark.parametrize("name", CONTRIBUTOR_PAGES)
def test_contributor_pages_open_to_the_contributor_only(name, world94, people, client_for):
    path = _contributor_path(name, world94)

    assert client_for(world94.contributor.user).get(path).status_code == 200
    for person in ("officer94", "admin94", "officer92", "structure_manager", "young_applicant"):
        assert client_for(people[person]).get(path).status_code == 404, person


@pytest.mark.parametrize(
    "name", [n for n, obj in CONTRIBUTOR_URLS.items() if obj and obj != "project"]
)
def test_contributor_of_one_project_finds_nothing_of_another(name, world94, world92, client_for):
    """The contributor of the 94 project, with the objects of the 92 project."""
    kwargs = {"slug": world94.project.slug, "pk": getattr(world92, CONTRIBUTOR_URLS[name]).pk}
    response = client_for(world94.contributor.user).get(reverse(name, kwargs=kwargs))
    assert response.status_code in (404, 405)


def test_contributor_finds_nothing_of_the_department(world94, client_for):
    client = client_for(world94.contributor.user)
    for path in (
        "/espace/",
        "/espace/94/",
        reverse(
            "cooperation:staff_project_detail", kwargs={"code": "94", "slug": world94.project.slug}
        ),
        reverse(
            "cooperation:project_detail", kwargs={"slug": world94.project.slug}
        ),  # not published
    ):
        assert client.get(path).status_code == 404, path


def test_only_its_reporter_corrects_a_draft_measurement(world94, people, client_for):
    draft = services.measurement_create(
        indicator=world94.indicator,
        reporter=world94.contributor.user,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        value=Decimal(150),
    )
    path = reverse(
        "cooperation:contributor_measurement_update",
        kwargs={"slug": world94.project.slug, "pk": draft.pk},
    )

    assert client_for(world94.contributor.user).get(path).status_code == 200
    for person in ("officer94", "officer92", "young_applicant"):
        assert client_for(people[person]).get(path).status_code == 404, person
