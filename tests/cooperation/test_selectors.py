"""The reads of the cooperation app behind the co-construction and results pages: what they
return, what they leave out, and that they look sub-objects up from their project."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cooperation import selectors, services
from cooperation.models import (
    DiagnosticSection,
    IndicatorLevel,
    MeasureType,
)
from partners.models import OrganisationKind
from tests.factories import DepartmentFactory, OrganisationFactory, UserFactory

# Fixed days of the cases (2025, 2026, 2027) stand beside dates counted from today: the
# clock is set to the day they were written (conftest ``clock_of_the_cases``).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_of_the_cases")]


def make_project(department, officer, title: str):
    return services.project_create(
        department=department, created_by=officer, title=title, kind="decentralised"
    )


@pytest.fixture
def project(dept94, officer94):
    return make_project(dept94, officer94, "Filière du thé Shan de Yên Bái")


@pytest.fixture
def other_project(dept94, officer94):
    return make_project(dept94, officer94, "Jeunes solidaires")


def make_indicator(project, **fields):
    values = {
        "title": "Ménages certifiés",
        "level": IndicatorLevel.OUTCOME,
        "measure_type": MeasureType.NUMBER,
        "baseline_value": Decimal(0),
        "target_value": Decimal(300),
    }
    values.update(fields)
    return services.indicator_create(project=project, **values)


def make_measurement(indicator, reporter, year: int, value: int, *, submit: bool = True):
    return services.measurement_create(
        indicator=indicator,
        reporter=reporter,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        value=Decimal(value),
        submit=submit,
    )


# Shared diagnostic


def test_diagnostic_of_a_project_nobody_wrote_in_is_open_and_empty(project):
    view = selectors.project_diagnostic(project=project)

    assert view.diagnostic is None
    assert view.is_open
    assert view.versions == []
    assert [value for value, _label, _items in view.sections] == DiagnosticSection.values
    assert all(items == [] for _value, _label, items in view.sections)


def test_diagnostic_shows_the_latest_version_or_the_one_asked_for(
    project, officer94, django_assert_num_queries
):
    old = services.diagnostic_contribution_add(
        project=project, author=officer94, section="context", text="Version 1"
    )
    services.diagnostic_comment_add(contribution=old, author=officer94, text="Relu.")
    services.diagnostic_validate(diagnostic=old.diagnostic, officer=officer94)
    services.diagnostic_open_new_version(project=project)
    new = services.diagnostic_contribution_add(
        project=project, author=officer94, section="needs", text="Version 2"
    )
    services.diagnostic_comment_add(contribution=new, author=officer94, text="D’accord.")

    # 1: the versions, with who validated them
    # 2: the contributions of the version, with author and organisation
    # 3: their comments
    # 4: the comments' authors
    with django_assert_num_queries(4):
        latest = selectors.project_diagnostic(project=project)
        texts = {
            value: [(c.text, [m.author.email for m in c.comments.all()]) for c in items]
            for value, _label, items in latest.sections
            if items
        }
    assert latest.diagnostic.number == 2
    assert latest.is_open
    assert [version.number for version in latest.versions] == [2, 1]
    # Version 2 starts from the contributions of version 1, not from their discussion.
    assert texts == {
        "context": [("Version 1", [])],
        "needs": [("Version 2", ["officer94@example.org"])],
    }

    first = selectors.project_diagnostic(project=project, number=1)
    assert first.diagnostic.number == 1
    assert not first.is_open
    assert [(c.text, [m.text for m in c.comments.all()]) for c in first.sections[0][2]] == [
        ("Version 1", ["Relu."])
    ]

    assert selectors.project_diagnostic(project=project, number=9).diagnostic is None


def test_contribution_is_found_only_from_its_project(project, other_project, officer94):
    contribution = services.diagnostic_contribution_add(
        project=project, author=officer94, section="context", text="Contexte."
    )

    found = selectors.project_contribution_get(project=project, pk=contribution.pk)
    assert found == contribution
    assert found.diagnostic.project_id == project.pk
    assert selectors.project_contribution_get(project=other_project, pk=contribution.pk) is None


# Objectives and action plan


def test_milestone_is_found_only_from_its_project(project, other_project):
    activity = services.activity_create(project=project, title="Formations")
    milestone = services.milestone_create(
        activity=activity, title="Session 1", due_date=date(2026, 3, 1)
    )

    assert selectors.project_milestone_get(project=project, pk=milestone.pk) == milestone
    assert selectors.project_milestone_get(project=other_project, pk=milestone.pk) is None


def test_activities_come_with_their_objective_partner_and_milestones(
    project, artisans_du_monde, django_assert_num_queries
):
    objective = services.objective_create(project=project, title="Certifier")
    partner = services.project_partner_add(
        project=project, organisation=artisans_du_monde, role="partner", side="french"
    )
    for number in range(3):
        activity = services.activity_create(
            project=project,
            title=f"Atelier {number}",
            objective=objective,
            responsible=partner,
            start_date=date(2026, 1, number + 1),
        )
        services.milestone_create(activity=activity, title="Bilan", due_date=date(2026, 6, 1))

    # 1: the activities with objective, partner and organisation; 2: their milestones
    with django_assert_num_queries(2):
        rows = [
            (a.title, a.objective.title, a.responsible.organisation.name, len(a.milestones.all()))
            for a in selectors.project_activities(project=project)
        ]
    assert rows == [(f"Atelier {n}", "Certifier", "Artisans du Monde", 1) for n in range(3)]


# Indicators


def test_public_indicators_show_approved_values_only(project, officer94):
    reporter = UserFactory()
    indicator = make_indicator(project)
    approved = make_measurement(indicator, reporter, 2024, 100)
    services.measurement_approve(measurement=approved, officer=officer94)
    make_measurement(indicator, reporter, 2025, 200)  # submitted
    make_measurement(indicator, reporter, 2026, 250, submit=False)  # draft

    (public,) = selectors.project_indicators(project=project, public=True)
    (staff,) = selectors.project_indicators(project=project)

    assert [m.pk for m in public.indicator.measurements.all()] == [approved.pk]
    assert len(staff.indicator.measurements.all()) == 3
    assert public.current == staff.current == Decimal(100)


def test_indicator_measurements_include_drafts_oldest_period_first(project):
    reporter = UserFactory()
    indicator = make_indicator(project)
    late = make_measurement(indicator, reporter, 2025, 2, submit=False)
    early = make_measurement(indicator, reporter, 2023, 1)

    assert selectors.indicator_measurements(indicator=indicator) == [early, late]


def test_measurement_is_found_only_from_its_project(project, other_project):
    measurement = make_measurement(make_indicator(project), UserFactory(), 2025, 10)

    assert selectors.project_measurement_get(project=project, pk=measurement.pk) == measurement
    assert selectors.project_measurement_get(project=other_project, pk=measurement.pk) is None


def test_measurements_to_review_are_the_submitted_ones_oldest_first(project, officer94):
    reporter = UserFactory()
    indicator = make_indicator(project)
    first = make_measurement(indicator, reporter, 2023, 1)
    second = make_measurement(indicator, reporter, 2024, 2)
    make_measurement(indicator, reporter, 2025, 3, submit=False)
    services.measurement_approve(
        measurement=make_measurement(indicator, reporter, 2022, 4), officer=officer94
    )

    assert list(selectors.project_measurements_to_review(project=project)) == [first, second]


# Delegations and exchanges


def _exchange(project, **fields):
    values = {
        "date": date(2026, 1, 15),
        "kind": "meeting",
        "title": "Comité de pilotage",
        "participants": "Les partenaires",
    }
    values.update(fields)
    return services.exchange_create(project=project, **values)


def test_action_is_found_only_from_its_project(project, other_project, officer94):
    action = services.follow_up_action_create(
        exchange=_exchange(project),
        description="Relancer",
        owner=officer94,
        due_date=date(2026, 2, 1),
    )

    assert selectors.project_action_get(project=project, pk=action.pk) == action
    assert selectors.project_action_get(project=other_project, pk=action.pk) is None


def test_overdue_actions_of_the_department_and_its_co_run_projects(
    project, dept94, dept92, officer94, officer92
):
    today = timezone.localdate()
    exchange = _exchange(project)
    overdue = services.follow_up_action_create(
        exchange=exchange, description="En retard", owner=officer94, due_date=today - timedelta(1)
    )
    services.follow_up_action_create(
        exchange=exchange, description="À venir", owner=officer94, due_date=today
    )
    done = services.follow_up_action_create(
        exchange=exchange, description="Faite", owner=officer94, due_date=today - timedelta(5)
    )
    services.follow_up_action_mark_done(action=done)
    co_run = make_project(dept92, officer92, "Projet de 92 avec 94")
    co_run.co_departments.add(dept94)
    co_run_overdue = services.follow_up_action_create(
        exchange=_exchange(co_run),
        description="Chez 92",
        owner=officer92,
        due_date=today - timedelta(10),
    )
    elsewhere = make_project(DepartmentFactory(), officer92, "Ailleurs")
    services.follow_up_action_create(
        exchange=_exchange(elsewhere),
        description="Pas chez nous",
        owner=officer92,
        due_date=today - timedelta(3),
    )

    assert list(selectors.department_overdue_actions(department=dept94)) == [
        co_run_overdue,
        overdue,
    ]


def test_delegation_may_meet_the_partners_and_the_departments_published_structures(
    project, dept94, dept92, artisans_du_monde
):
    partner_of_92 = OrganisationFactory(name="Partenaire de 92", department=dept92)
    services.project_partner_add(
        project=project, organisation=partner_of_92, role="expert", side="french"
    )
    OrganisationFactory(name="En attente", department=dept94, pending=True)
    OrganisationFactory(name="Structure de 92", department=dept92)
    OrganisationFactory(
        name="Commune partenaire", department=dept94, kind=OrganisationKind.LOCAL_AUTHORITY
    )

    names = list(
        selectors.delegation_structure_choices(project=project).values_list("name", flat=True)
    )

    assert names == ["Artisans du Monde", "Partenaire de 92"]


def test_exchanges_come_with_their_actions_and_owners(
    project, officer94, django_assert_num_queries
):
    for number in range(3):
        exchange = _exchange(project, title=f"Réunion {number}", date=date(2026, 1, number + 1))
        services.follow_up_action_create(
            exchange=exchange, description="Relancer", owner=officer94, due_date=date(2026, 2, 1)
        )

    # 1: the exchanges; 2: their actions with their owner
    with django_assert_num_queries(2):
        rows = [
            (e.title, [a.owner.email for a in e.actions.all()])
            for e in selectors.project_exchanges(project=project)
        ]
    assert rows == [(f"Réunion {n}", ["officer94@example.org"]) for n in (2, 1, 0)]
