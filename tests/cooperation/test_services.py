"""The rules of the cooperation app, through its services: the life of a measurement,
the progress of an indicator, the shared diagnostic, SDG tagging, the publication checklist."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from cooperation import selectors, services
from cooperation.models import (
    ActivityStatus,
    CooperationProject,
    Diagnostic,
    DiagnosticContribution,
    Direction,
    IndicatorLevel,
    Measurement,
    MeasurementStatus,
    MeasureType,
    SustainableDevelopmentGoal,
)
from cooperation.services import MEASUREMENT_TRANSITIONS
from tests.factories import OrganisationFactory, PartnerTerritoryFactory, UserFactory

# Fixed days of the cases (2025, 2026, 2027) stand beside dates counted from today: the
# clock is set to the day they were written (conftest ``clock_of_the_cases``).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_of_the_cases")]


@pytest.fixture
def project(dept94, officer94) -> CooperationProject:
    return services.project_create(
        department=dept94,
        created_by=officer94,
        title="Filière du thé Shan de Yên Bái",
        kind="decentralised",
    )


@pytest.fixture
def reporter(db):
    return UserFactory(email="nguyen@yenbai.example.org", full_name="Nguyễn Thị Lan")


def make_indicator(project, **fields):
    values = {
        "title": "Ménages producteurs certifiés bio",
        "level": IndicatorLevel.OUTCOME,
        "measure_type": MeasureType.NUMBER,
        "unit": "ménages",
        "baseline_value": Decimal(0),
        "target_value": Decimal(300),
    }
    values.update(fields)
    return services.indicator_create(project=project, **values)


def measure(indicator, reporter, year: int, value, *, status=MeasurementStatus.DRAFT, **fields):
    """A measurement of one calendar year, put straight into `status` (for the fixtures of
    the progress tests; the transitions themselves are tested through the services)."""
    return Measurement.objects.create(
        indicator=indicator,
        reporter=reporter,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        value=None if value is None else Decimal(value),
        status=status,
        reviewed_at=timezone.now() if status == MeasurementStatus.APPROVED else None,
        **fields,
    )


# The life of a measurement


def test_transitions_are_draft_submitted_then_approved_or_returned_and_back():
    transitions = MEASUREMENT_TRANSITIONS
    assert transitions == {
        MeasurementStatus.DRAFT: {MeasurementStatus.SUBMITTED},
        MeasurementStatus.SUBMITTED: {MeasurementStatus.APPROVED, MeasurementStatus.RETURNED},
        MeasurementStatus.RETURNED: {MeasurementStatus.SUBMITTED},
        MeasurementStatus.APPROVED: set(),
    }


def _move_with_service(measurement, to: str, officer):
    if to == MeasurementStatus.SUBMITTED:
        return services.measurement_submit(measurement=measurement)
    if to == MeasurementStatus.APPROVED:
        return services.measurement_approve(measurement=measurement, officer=officer)
    return services.measurement_return(measurement=measurement, officer=officer, note="À revoir.")


@pytest.mark.parametrize("start", MeasurementStatus.values)
@pytest.mark.parametrize(
    "to", [MeasurementStatus.SUBMITTED, MeasurementStatus.APPROVED, MeasurementStatus.RETURNED]
)
def test_only_the_allowed_transitions_go_through(start, to, project, reporter, officer94):
    indicator = make_indicator(project)
    measurement = measure(indicator, reporter, 2025, 120, status=start)
    allowed = to in MEASUREMENT_TRANSITIONS[start]

    if allowed:
        _move_with_service(measurement, to, officer94)
    else:
        with pytest.raises(ValidationError):
            _move_with_service(measurement, to, officer94)

    measurement.refresh_from_db()
    assert measurement.status == (to if allowed else start)


def test_approval_records_the_reviewer_and_clears_an_old_note(project, reporter, officer94):
    indicator = make_indicator(project)
    measurement = services.measurement_create(
        indicator=indicator,
        reporter=reporter,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        value=Decimal(120),
        submit=True,
    )
    assert measurement.status == MeasurementStatus.SUBMITTED
    assert measurement.submitted_at is not None
    services.measurement_return(measurement=measurement, officer=officer94, note="Preuve ?")
    services.measurement_correct(
        measurement=measurement, value=Decimal(118), text_value="", comment="", submit=True
    )

    services.measurement_approve(measurement=measurement, officer=officer94)

    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.APPROVED
    assert measurement.reviewed_by == officer94
    assert measurement.reviewed_at is not None
    assert measurement.review_note == ""
    assert measurement.value == Decimal(118)


def test_returned_measurement_mails_the_reporter_the_note_then_is_resubmitted(
    project, reporter, officer94
):
    indicator = make_indicator(project)
    measurement = measure(indicator, reporter, 2025, 120, status=MeasurementStatus.SUBMITTED)

    services.measurement_return(
        measurement=measurement, officer=officer94, note="Joindre la liste des ménages."
    )

    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.RETURNED
    assert measurement.review_note == "Joindre la liste des ménages."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [reporter.email]
    assert "Joindre la liste des ménages." in mail.outbox[0].body

    services.measurement_correct(
        measurement=measurement,
        value=Decimal(121),
        text_value="",
        comment="Liste jointe.",
        submit=True,
    )
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.SUBMITTED
    assert measurement.value == Decimal(121)


def test_return_without_a_note_is_refused_and_sends_nothing(project, reporter, officer94):
    measurement = measure(
        make_indicator(project), reporter, 2025, 120, status=MeasurementStatus.SUBMITTED
    )

    with pytest.raises(ValidationError) as error:
        services.measurement_return(measurement=measurement, officer=officer94, note="  ")

    assert "note" in error.value.message_dict
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.SUBMITTED
    assert mail.outbox == []


@pytest.mark.parametrize("status", [MeasurementStatus.SUBMITTED, MeasurementStatus.APPROVED])
def test_only_a_draft_or_returned_measurement_can_be_corrected(status, project, reporter):
    measurement = measure(make_indicator(project), reporter, 2025, 120, status=status)

    with pytest.raises(ValidationError):
        services.measurement_correct(
            measurement=measurement, value=Decimal(1), text_value="", comment="", submit=False
        )

    measurement.refresh_from_db()
    assert measurement.value == Decimal(120)


def test_a_draft_may_lack_its_value_but_a_submitted_measurement_may_not(project, reporter):
    indicator = make_indicator(project)
    period = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}

    draft = services.measurement_create(indicator=indicator, reporter=reporter, **period)
    assert draft.status == MeasurementStatus.DRAFT
    with pytest.raises(ValidationError) as error:
        services.measurement_create(indicator=indicator, reporter=reporter, submit=True, **period)
    assert "value" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.measurement_submit(measurement=draft)
    assert indicator.measurements.count() == 1


def test_a_qualitative_measurement_takes_text_and_no_number(project, reporter):
    indicator = make_indicator(
        project,
        title="Perception du commerce équitable",
        measure_type=MeasureType.QUALITATIVE,
        baseline_value=None,
        target_value=None,
    )
    period = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}

    with pytest.raises(ValidationError) as error:
        services.measurement_create(
            indicator=indicator, reporter=reporter, submit=True, text_value=" ", **period
        )
    assert "text_value" in error.value.message_dict

    measurement = services.measurement_create(
        indicator=indicator,
        reporter=reporter,
        submit=True,
        value=Decimal(3),
        text_value="Les coopératives en parlent aux acheteurs.",
        **period,
    )
    assert measurement.value is None
    assert measurement.text_value == "Les coopératives en parlent aux acheteurs."


def test_a_period_ending_before_it_starts_is_refused(project, reporter):
    with pytest.raises(ValidationError) as error:
        services.measurement_create(
            indicator=make_indicator(project),
            reporter=reporter,
            period_start=date(2025, 12, 31),
            period_end=date(2025, 1, 1),
            value=Decimal(1),
        )
    assert "period_end" in error.value.message_dict


# Progress of an indicator


def _progress(indicator):
    return selectors.indicator_progress(indicator, list(indicator.measurements.all()))


def test_cumulative_indicator_sums_its_approved_periods_and_ignores_the_others(project, reporter):
    indicator = make_indicator(
        project,
        title="Tonnes de thé vendues en commerce équitable",
        unit="t",
        cumulative=True,
        baseline_value=Decimal(5),
        target_value=Decimal(100),
    )
    measure(indicator, reporter, 2023, 12, status=MeasurementStatus.APPROVED)
    measure(indicator, reporter, 2024, 18, status=MeasurementStatus.APPROVED)
    measure(indicator, reporter, 2025, 500, status=MeasurementStatus.DRAFT)
    measure(indicator, reporter, 2025, 400, status=MeasurementStatus.SUBMITTED)
    measure(indicator, reporter, 2022, 300, status=MeasurementStatus.RETURNED)

    progress = _progress(indicator)

    assert progress.current == Decimal(30)
    # A flow runs from zero, whatever the baseline: 30 of 100 tonnes.
    assert progress.percent == Decimal(30)
    assert [point.value for point in progress.points] == [Decimal(12), Decimal(30)]
    assert [m.period_end.year for m in progress.approved] == [2023, 2024]


def test_non_cumulative_indicator_takes_the_latest_approved_period(project, reporter):
    indicator = make_indicator(project, baseline_value=Decimal(20), target_value=Decimal(300))
    # Recorded out of order: the latest period counts, not the latest record.
    measure(indicator, reporter, 2025, 160, status=MeasurementStatus.APPROVED)
    measure(indicator, reporter, 2024, 90, status=MeasurementStatus.APPROVED)
    measure(indicator, reporter, 2026, 290, status=MeasurementStatus.SUBMITTED)
    measure(indicator, reporter, 2027, None, status=MeasurementStatus.DRAFT)

    progress = _progress(indicator)

    assert progress.current == Decimal(160)
    # From the baseline to the target: (160 - 20) / (300 - 20) = 50 %.
    assert progress.percent == Decimal(50)
    assert [point.value for point in progress.points] == [Decimal(90), Decimal(160)]


def test_lower_is_better_progress_runs_down_from_the_baseline(project, reporter):
    indicator = make_indicator(
        project,
        title="Part de la récolte perdue",
        measure_type=MeasureType.PERCENTAGE,
        unit="%",
        direction=Direction.LOWER,
        baseline_value=Decimal(40),
        target_value=Decimal(10),
    )
    measure(indicator, reporter, 2024, 25, status=MeasurementStatus.APPROVED)

    assert _progress(indicator).percent == Decimal(50)

    measure(indicator, reporter, 2025, 46, status=MeasurementStatus.APPROVED)
    progress = _progress(indicator)
    assert progress.current == Decimal(46)
    assert progress.percent == Decimal(-20)  # worse than the baseline


def test_progress_without_approved_values_or_of_a_qualitative_indicator_is_empty(project, reporter):
    indicator = make_indicator(project)
    measure(indicator, reporter, 2025, 100, status=MeasurementStatus.SUBMITTED)
    qualitative = make_indicator(
        project,
        title="Perception",
        measure_type=MeasureType.QUALITATIVE,
        baseline_value=None,
        target_value=None,
    )
    Measurement.objects.create(
        indicator=qualitative,
        reporter=reporter,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        text_value="Bonne",
        status=MeasurementStatus.APPROVED,
        reviewed_at=timezone.now(),
    )

    for progress in (_progress(indicator), _progress(qualitative)):
        assert progress.current is None
        assert progress.percent is None
        assert progress.points == []
    assert len(_progress(qualitative).approved) == 1


def test_chart_puts_the_target_above_the_baseline_when_higher_is_better(project, reporter):
    indicator = make_indicator(
        project, baseline_date=date(2022, 1, 1), target_date=date(2027, 12, 31)
    )
    measure(indicator, reporter, 2024, 100, status=MeasurementStatus.APPROVED)
    measure(indicator, reporter, 2025, 150, status=MeasurementStatus.APPROVED)

    progress = _progress(indicator)

    assert progress.target_y < progress.baseline_y  # SVG: y grows downwards
    first, second = progress.points
    assert first.x < second.x
    assert second.y < first.y
    assert all(70 <= point.x <= 580 and 20 <= point.y <= 220 for point in progress.points)


# Shared diagnostic


def test_contributions_go_to_the_open_version_created_by_the_first_one(project, officer94):
    assert not project.diagnostics.exists()

    first = services.diagnostic_contribution_add(
        project=project, author=officer94, section="context", text="Province montagneuse."
    )
    second = services.diagnostic_contribution_add(
        project=project, author=officer94, section="needs", text="Débouchés pour le thé."
    )

    assert first.diagnostic == second.diagnostic
    assert first.diagnostic.number == 1
    assert not first.diagnostic.is_validated


def test_an_empty_diagnostic_cannot_be_validated(project, officer94):
    diagnostic = Diagnostic.objects.create(project=project, number=1)

    with pytest.raises(ValidationError):
        services.diagnostic_validate(diagnostic=diagnostic, officer=officer94)

    diagnostic.refresh_from_db()
    assert not diagnostic.is_validated


def test_validated_diagnostic_is_read_only(project, officer94, reporter):
    contribution = services.diagnostic_contribution_add(
        project=project, author=reporter, section="actors", text="Coopératives de thé."
    )

    services.diagnostic_validate(diagnostic=contribution.diagnostic, officer=officer94)

    diagnostic = Diagnostic.objects.get(pk=contribution.diagnostic_id)
    assert diagnostic.is_validated
    assert diagnostic.validated_by == officer94
    with pytest.raises(ValidationError):
        services.diagnostic_contribution_add(
            project=project, author=officer94, section="needs", text="Trop tard."
        )
    with pytest.raises(ValidationError):
        services.diagnostic_comment_add(contribution=contribution, author=officer94, text="Oui")
    assert DiagnosticContribution.objects.count() == 1
    assert project.diagnostics.count() == 1


def test_new_version_copies_the_contributions_and_takes_the_new_ones(project, officer94, reporter):
    province = OrganisationFactory(name="Province de Yên Bái", department=project.department)
    services.diagnostic_contribution_add(
        project=project,
        author=reporter,
        section="context",
        text="Province montagneuse.",
        organisation=province,
    )
    services.diagnostic_contribution_add(
        project=project, author=officer94, section="ess_opportunities", text="Biocoop."
    )
    with pytest.raises(ValidationError):
        services.diagnostic_open_new_version(project=project)  # version 1 is still open
    first = project.diagnostics.get()
    services.diagnostic_validate(diagnostic=first, officer=officer94)

    second = services.diagnostic_open_new_version(project=project)
    services.diagnostic_contribution_add(
        project=project, author=officer94, section="needs", text="Certification bio."
    )

    assert second.number == 2
    assert not second.is_validated
    copied = {(c.section, c.author, c.organisation, c.text) for c in second.contributions.all()}
    assert copied == {
        ("context", reporter, province, "Province montagneuse."),
        ("ess_opportunities", officer94, None, "Biocoop."),
        ("needs", officer94, None, "Certification bio."),
    }
    assert first.contributions.count() == 2  # the validated version is unchanged
    assert selectors.project_diagnostic(project=project).diagnostic == second


def test_new_version_keeps_the_date_of_each_contribution(project, officer94):
    original = services.diagnostic_contribution_add(
        project=project, author=officer94, section="context", text="Contexte."
    )
    written_on = timezone.now() - timedelta(days=30)
    DiagnosticContribution.objects.filter(pk=original.pk).update(created_at=written_on)
    services.diagnostic_validate(diagnostic=original.diagnostic, officer=officer94)

    second = services.diagnostic_open_new_version(project=project)

    assert second.contributions.get().created_at == written_on


# Objectives, action plan and SDG tagging


def test_objective_targets_tag_the_project_with_the_targets_and_their_goals(project, sdg_targets):
    project.sdg_goals.add(SustainableDevelopmentGoal.objects.get(number=17))

    objective = services.objective_create(
        project=project,
        title="Certifier 300 ménages producteurs",
        sdg_targets=[sdg_targets["12.3"], sdg_targets["2.4"]],
    )

    assert set(objective.sdg_targets.values_list("code", flat=True)) == {"12.3", "2.4"}
    assert set(project.sdg_targets.values_list("code", flat=True)) == {"12.3", "2.4"}
    # The goals of the targets are added; the goal chosen before stays.
    assert set(project.sdg_goals.values_list("number", flat=True)) == {2, 12, 17}


def test_indicator_targets_tag_the_project_too(project, sdg_targets):
    services.indicator_create(
        project=project,
        title="Partenariats multi-acteurs",
        level=IndicatorLevel.OUTPUT,
        measure_type=MeasureType.NUMBER,
        sdg_targets=[sdg_targets["17.17"]],
    )

    assert list(project.sdg_goals.values_list("number", flat=True)) == [17]
    assert list(project.sdg_targets.values_list("code", flat=True)) == ["17.17"]


def test_objectives_and_indicators_are_numbered_in_order(project):
    first = services.objective_create(project=project, title="Premier")
    second = services.objective_create(project=project, title="Second")

    assert (first.position, second.position) == (1, 2)
    assert list(selectors.project_objectives(project=project)) == [first, second]


def test_activity_refuses_an_objective_or_partner_of_another_project(project, dept94, officer94):
    other = services.project_create(
        department=dept94, created_by=officer94, title="Autre projet", kind="youth"
    )
    foreign_objective = services.objective_create(project=other, title="Ailleurs")
    foreign_partner = services.project_partner_add(
        project=other,
        organisation=OrganisationFactory(department=dept94),
        role="partner",
        side="french",
    )

    with pytest.raises(ValidationError):
        services.activity_create(project=project, title="Atelier", objective=foreign_objective)
    with pytest.raises(ValidationError):
        services.activity_create(project=project, title="Atelier", responsible=foreign_partner)
    assert not project.activities.exists()


def test_activity_status_and_milestones(project):
    activity = services.activity_create(project=project, title="Formations bio")
    milestone = services.milestone_create(
        activity=activity, title="Première session", due_date=date(2026, 3, 1)
    )

    services.activity_set_status(activity=activity, status=ActivityStatus.IN_PROGRESS)
    with pytest.raises(ValidationError):
        services.activity_set_status(activity=activity, status="someday")
    services.milestone_mark_reached(milestone=milestone)

    activity.refresh_from_db()
    milestone.refresh_from_db()
    assert activity.status == ActivityStatus.IN_PROGRESS
    assert milestone.reached_on == timezone.localdate()


def test_follow_up_action_is_done_once(project, officer94):
    exchange = services.exchange_create(
        project=project,
        date=date(2026, 1, 15),
        kind="call",
        title="Point d’étape",
        participants="Équipes des deux territoires",
    )
    action = services.follow_up_action_create(
        exchange=exchange,
        description="Envoyer le compte rendu",
        owner=officer94,
        due_date=date(2026, 2, 1),
    )

    services.follow_up_action_mark_done(action=action)
    done_at = action.done_at
    services.follow_up_action_mark_done(action=action)

    action.refresh_from_db()
    assert action.done_at == done_at is not None


# Publication


def test_publication_checklist_lists_what_is_missing_then_publishes(
    project, sdg_targets, artisans_du_monde
):
    def missing() -> list[str]:
        return [
            str(item.label)
            for item in selectors.project_publication_checklist(project=project)
            if not item.done
        ]

    assert len(missing()) == 4
    with pytest.raises(ValidationError) as error:
        services.project_publish(project=project)
    assert len(error.value.messages) == 4

    project.summary = "Une filière de thé bio et équitable."
    project.save()
    # A territory without coordinates does not count: the map could not show it.
    project.territories.add(PartnerTerritoryFactory(latitude=None, longitude=None))
    services.objective_create(project=project, title="Certifier", sdg_targets=[sdg_targets["12.3"]])
    services.project_partner_add(
        project=project, organisation=artisans_du_monde, role="partner", side="french"
    )
    assert len(missing()) == 1
    with pytest.raises(ValidationError):
        services.project_publish(project=project)

    project.territories.add(
        PartnerTerritoryFactory(latitude=Decimal("21.7"), longitude=Decimal("104.87"))
    )
    assert missing() == []
    version = project.version
    services.project_publish(project=project)

    project.refresh_from_db()
    assert project.is_public
    assert project.published_at is not None
    assert project.version == version + 1
