"""The review of applications: assignments, declarations of interest, scores, the
weighted average and the spread, and the reviewer's pages."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from calls import selectors, services
from calls.models import ApplicationState, ReviewAssignment, Score
from calls.services import NOT_APPLICABLE
from partners.models import DepartmentRole
from tests.calls.conftest import make_complete_application, put_in_state
from tests.factories import DepartmentMembershipFactory, UserFactory


@pytest.fixture
def reviewer92b(dept92):
    user = UserFactory(email="jury2@example.org", full_name="Zoé Jury")
    DepartmentMembershipFactory(user=user, department=dept92, role=DepartmentRole.REVIEWER)
    return user


@pytest.fixture
def under_review(complete_application):
    return put_in_state(complete_application, ApplicationState.UNDER_REVIEW)


def _criteria(call):
    social, partner = call.criteria.order_by("position", "pk")
    return social, partner


def _review(application, reviewer, officer, values: dict, submit=True) -> ReviewAssignment:
    assignment = services.review_assign(
        application=application, reviewer=reviewer, assigned_by=officer
    )
    services.review_declare_conflict(assignment=assignment, actor=reviewer, conflict=False)
    services.review_save_scores(
        assignment=assignment,
        actor=reviewer,
        scores={pk: (value, f"Commentaire {pk}") for pk, value in values.items()},
        submit=submit,
    )
    return assignment


# Assigning


def test_only_reviewers_of_the_department_are_assigned(
    under_review, officer92, reviewer92, officer94, dept94
):
    reviewer94 = UserFactory()
    DepartmentMembershipFactory(user=reviewer94, department=dept94, role=DepartmentRole.REVIEWER)
    for wrong in (reviewer94, officer92):
        with pytest.raises(ValidationError):
            services.review_assign(application=under_review, reviewer=wrong, assigned_by=officer92)
    with pytest.raises(ValidationError):  # not an officer of 92
        services.review_assign(application=under_review, reviewer=reviewer92, assigned_by=officer94)
    assert not ReviewAssignment.objects.exists()

    services.review_assign(application=under_review, reviewer=reviewer92, assigned_by=officer92)
    with pytest.raises(ValidationError):  # twice
        services.review_assign(application=under_review, reviewer=reviewer92, assigned_by=officer92)
    assert ReviewAssignment.objects.get().reviewer == reviewer92


def test_no_assignment_before_the_instruction_starts(complete_application, officer92, reviewer92):
    submitted = put_in_state(complete_application, ApplicationState.SUBMITTED)
    with pytest.raises(ValidationError):
        services.review_assign(application=submitted, reviewer=reviewer92, assigned_by=officer92)


def test_unassign_only_while_nothing_is_scored(under_review, officer92, reviewer92, call92):
    social, _partner = _criteria(call92)
    assignment = services.review_assign(
        application=under_review, reviewer=reviewer92, assigned_by=officer92
    )
    services.review_declare_conflict(assignment=assignment, actor=reviewer92, conflict=False)
    services.review_save_scores(
        assignment=assignment, actor=reviewer92, scores={social.pk: (Decimal(3), "")}
    )
    with pytest.raises(ValidationError):
        services.review_unassign(assignment=assignment, actor=officer92)
    assert ReviewAssignment.objects.filter(pk=assignment.pk).exists()

    Score.objects.all().delete()
    services.review_unassign(assignment=assignment, actor=officer92)
    assert not ReviewAssignment.objects.exists()


# Declaring and scoring


def test_a_declared_conflict_recuses_the_reviewer(under_review, officer92, reviewer92, call92):
    social, _partner = _criteria(call92)
    assignment = services.review_assign(
        application=under_review, reviewer=reviewer92, assigned_by=officer92
    )
    with pytest.raises(ValidationError):  # scoring before declaring
        services.review_save_scores(
            assignment=assignment, actor=reviewer92, scores={social.pk: (Decimal(3), "")}
        )
    with pytest.raises(ValidationError):  # a conflict is described
        services.review_declare_conflict(assignment=assignment, actor=reviewer92, conflict=True)
    services.review_declare_conflict(
        assignment=assignment, actor=reviewer92, conflict=True, details="Ma cousine est dans l'équipe"
    )
    assert assignment.conflict_declared is True and assignment.declared_at is not None
    with pytest.raises(ValidationError):  # the declaration is made once
        services.review_declare_conflict(assignment=assignment, actor=reviewer92, conflict=False)
    with pytest.raises(ValidationError):
        services.review_save_scores(
            assignment=assignment, actor=reviewer92, scores={social.pk: (Decimal(3), "")}
        )
    assert not Score.objects.exists()


def test_scores_are_within_range_and_a_submitted_review_is_final(
    under_review, officer92, reviewer92, call92
):
    social, partner = _criteria(call92)
    assignment = services.review_assign(
        application=under_review, reviewer=reviewer92, assigned_by=officer92
    )
    services.review_declare_conflict(assignment=assignment, actor=reviewer92, conflict=False)
    with pytest.raises(ValidationError):
        services.review_save_scores(
            assignment=assignment, actor=reviewer92, scores={social.pk: (Decimal(6), "")}
        )
    services.review_save_scores(
        assignment=assignment, actor=reviewer92, scores={social.pk: (Decimal(4), "Solide")}
    )
    with pytest.raises(ValidationError):  # "Partenariat local" is not scored
        services.review_save_scores(assignment=assignment, actor=reviewer92, scores={}, submit=True)
    assert ReviewAssignment.objects.get().submitted_at is None

    services.review_save_scores(
        assignment=assignment,
        actor=reviewer92,
        scores={partner.pk: (NOT_APPLICABLE, "Pas de partenaire")},
        submit=True,
    )
    assert assignment.submitted_at is not None
    assert Score.objects.get(criterion=partner).value is None
    with pytest.raises(ValidationError):
        services.review_save_scores(
            assignment=assignment, actor=reviewer92, scores={social.pk: (Decimal(1), "")}
        )
    assert Score.objects.get(criterion=social).value == Decimal(4)


def test_weighted_average_excludes_not_applicable_and_shows_the_spread(
    under_review, officer92, reviewer92, reviewer92b, call92
):
    """Weights 2 and 1, both on 5. Rémi: 4 and 3 → (2×4/5 + 1×3/5) / 3 = 0.7333 → 14.67/20.
    Zoé: 5 and N/A → (2×5/5) / 2 = 1 → 20/20 (counting the N/A as 0 would give 13.33).
    Score: (14.667 + 20) / 2 = 17.33; spread: 20 − 14.67 = 5.33."""
    social, partner = _criteria(call92)
    first = _review(
        under_review, reviewer92, officer92, {social.pk: Decimal(4), partner.pk: Decimal(3)}
    )
    second = _review(
        under_review, reviewer92b, officer92, {social.pk: Decimal(5), partner.pk: NOT_APPLICABLE}
    )

    assert selectors.assignment_total(assignment=first) == Decimal("14.67")
    assert selectors.assignment_total(assignment=second) == Decimal("20.00")
    ranked = selectors.call_ranking(call=call92).get(pk=under_review.pk)
    assert ranked.score == Decimal("17.33")
    assert ranked.spread == Decimal("5.33")
    assert (ranked.reviews_submitted, ranked.reviews_assigned) == (2, 2)
    listed = selectors.call_application_list(call=call92).get(pk=under_review.pk)
    assert listed.score == Decimal("17.33")


def test_a_draft_review_does_not_count(under_review, officer92, reviewer92, reviewer92b, call92):
    social, partner = _criteria(call92)
    _review(under_review, reviewer92, officer92, {social.pk: Decimal(5), partner.pk: Decimal(5)})
    _review(
        under_review,
        reviewer92b,
        officer92,
        {social.pk: Decimal(0), partner.pk: Decimal(0)},
        submit=False,
    )
    ranked = selectors.call_ranking(call=call92).get(pk=under_review.pk)
    assert (ranked.score, ranked.spread) == (Decimal("20.00"), Decimal("0.00"))
    assert (ranked.reviews_submitted, ranked.reviews_assigned) == (1, 2)


def test_ranking_is_sorted_by_score_unscored_last(
    call92, officer92, reviewer92, young_applicant, sdg
):
    social, partner = _criteria(call92)
    applications = []
    for n, value in enumerate((Decimal(2), None, Decimal(5))):
        applicant = young_applicant if n == 0 else UserFactory()
        application = put_in_state(
            make_complete_application(call92, applicant, sdg), ApplicationState.UNDER_REVIEW
        )
        applications.append(application)
        if value is not None:
            _review(application, reviewer92, officer92, {social.pk: value, partner.pk: value})
    ranking = list(selectors.call_ranking(call=call92))
    assert ranking == [applications[2], applications[0], applications[1]]
    assert [a.score for a in ranking] == [Decimal("20.00"), Decimal("8.00"), None]
