"""The review of applications: assignments, declarations of interest, scores, the
weighted average and the spread, and the reviewer's pages."""

from decimal import Decimal

import pytest
from django.core import mail
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
        scores={pk: (value, f"Avis du jury {pk}") for pk, value in values.items()},
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

    mail.outbox.clear()
    assignment = services.review_assign(
        application=under_review, reviewer=reviewer92, assigned_by=officer92
    )
    assert [m.to for m in mail.outbox] == [[reviewer92.email]]
    assert f"/espace/92/evaluations/{assignment.pk}/" in mail.outbox[0].body
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
        assignment=assignment,
        actor=reviewer92,
        conflict=True,
        details="Ma cousine est dans l'équipe",
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


# The pages


def test_reviewer_declares_then_scores_then_reads_the_others(
    under_review, officer92, reviewer92, reviewer92b, call92, client_for
):
    social, partner = _criteria(call92)
    other = _review(
        under_review, reviewer92b, officer92, {social.pk: Decimal(1), partner.pk: Decimal(2)}
    )
    officer = client_for(officer92)
    staff_page = reverse(
        "calls:staff_application_detail",
        kwargs={"code": "92", "slug": call92.slug, "pk": under_review.pk},
    )
    response = officer.post(staff_page + "evaluateurs/", {"reviewer": reviewer92.pk})
    assert response.status_code == 302
    assignment = ReviewAssignment.objects.get(reviewer=reviewer92)

    jury = client_for(reviewer92)
    listing = jury.get("/espace/92/evaluations/")
    assert under_review.reference in listing.content.decode()
    assert [a.conflict_declared for a in listing.context["page"].object_list] == [None]
    page = reverse("calls:staff_review_detail", kwargs={"code": "92", "pk": assignment.pk})
    first = jury.get(page)
    assert "calls/review/declare.html" in [t.name for t in first.templates]
    # The content comes after the declaration.
    assert under_review.description not in first.content.decode()

    jury.post(page + "declaration/", {"conflict": "no"})
    response = jury.get(page)
    content = response.content.decode()
    assert under_review.description in content
    assert "Avis du jury" not in content  # the other review stays hidden
    assert response.context["others"] == []

    jury.post(
        page,
        {
            f"score_{social.pk}": "5",
            f"comment_{social.pk}": "Très utile",
            f"score_{partner.pk}": "na",
            "save": "",
        },
    )
    assignment.refresh_from_db()
    assert assignment.submitted_at is None
    assert assignment.scores.get(criterion=partner).value is None
    assert "Avis du jury" not in jury.get(page).content.decode()

    jury.post(page, {f"score_{social.pk}": "5", f"score_{partner.pk}": "na", "submit": ""})
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    after = jury.get(page).content.decode()
    assert f"Avis du jury {social.pk}" in after and other.reviewer.get_full_name() in after
    # Final: a later post changes nothing.
    jury.post(page, {f"score_{social.pk}": "0", f"score_{partner.pk}": "0", "save": ""})
    assert assignment.scores.get(criterion=social).value == Decimal(5)


def test_submitting_an_incomplete_review_keeps_the_draft(
    under_review, officer92, reviewer92, call92, client_for
):
    social, _partner = _criteria(call92)
    assignment = services.review_assign(
        application=under_review, reviewer=reviewer92, assigned_by=officer92
    )
    services.review_declare_conflict(assignment=assignment, actor=reviewer92, conflict=False)
    page = reverse("calls:staff_review_detail", kwargs={"code": "92", "pk": assignment.pk})
    response = client_for(reviewer92).post(
        page, {f"score_{social.pk}": "4", f"comment_{social.pk}": "Bien", "submit": ""}
    )
    assert response.status_code == 200
    assert response.context["scores_form"].non_field_errors()
    assignment.refresh_from_db()
    assert assignment.submitted_at is None
    assert assignment.scores.get(criterion=social).value == Decimal(4)


def test_declaring_a_conflict_recuses(under_review, officer92, reviewer92, client_for):
    assignment = services.review_assign(
        application=under_review, reviewer=reviewer92, assigned_by=officer92
    )
    jury = client_for(reviewer92)
    page = reverse("calls:staff_review_detail", kwargs={"code": "92", "pk": assignment.pk})
    response = jury.post(page + "declaration/", {"conflict": "yes", "details": ""})
    assert response.status_code == 200  # a conflict is described
    assignment.refresh_from_db()
    assert assignment.conflict_declared is None

    jury.post(page + "declaration/", {"conflict": "yes", "details": "Mon cousin"})
    assignment.refresh_from_db()
    assert assignment.conflict_declared is True
    assert jury.get(page).status_code == 404
    listing = jury.get("/espace/92/evaluations/")
    assert [a.conflict_declared for a in listing.context["page"].object_list] == [True]
    assert page not in listing.content.decode()


def test_ranking_page_shows_score_and_spread(
    under_review, officer92, reviewer92, reviewer92b, call92, client_for
):
    social, partner = _criteria(call92)
    _review(under_review, reviewer92, officer92, {social.pk: Decimal(4), partner.pk: Decimal(3)})
    _review(under_review, reviewer92b, officer92, {social.pk: Decimal(5), partner.pk: "na"})
    page = client_for(officer92).get(f"/espace/92/appels/{call92.slug}/classement/")
    html = page.content.decode()
    assert "17,33" in html and "5,33" in html and "2 / 2" in html
    listing = client_for(officer92).get(f"/espace/92/appels/{call92.slug}/candidatures/")
    assert "17,33" in listing.content.decode()


# Query counts


@pytest.mark.parametrize("rows", [2, 25])
def test_reviewer_assignment_list_query_count_does_not_grow(
    rows, call92, officer92, reviewer92, sdg, client_for, django_assert_max_num_queries
):
    for _ in range(rows):
        application = put_in_state(
            make_complete_application(call92, UserFactory(), sdg), ApplicationState.UNDER_REVIEW
        )
        ReviewAssignment.objects.create(application=application, reviewer=reviewer92)
    client = client_for(reviewer92)
    # 1 session, 2 user, 3 membership (staff_view), 4 count of the paginator,
    # 5 memberships of the header, 6 the page of assignments with their application, call
    # and number of criteria scored.
    with django_assert_max_num_queries(6):
        response = client.get("/espace/92/evaluations/")
    assert len(response.context["page"].object_list) == min(rows, 20)


@pytest.mark.parametrize("rows", [2, 25])
def test_ranking_query_count_does_not_grow(
    rows,
    call92,
    officer92,
    reviewer92,
    reviewer92b,
    sdg,
    client_for,
    django_assert_max_num_queries,
):
    social, partner = _criteria(call92)
    for n in range(rows):
        application = put_in_state(
            make_complete_application(call92, UserFactory(), sdg), ApplicationState.UNDER_REVIEW
        )
        for reviewer in (reviewer92, reviewer92b):
            _review(application, reviewer, officer92, {social.pk: n % 6, partner.pk: Decimal(3)})
    client = client_for(officer92)
    # 1 session, 2 user, 3 membership (staff_view), 4 the call, 5 count of the paginator,
    # 6 memberships of the header, 7 the page of applications with their score, spread and
    # review counts (subqueries).
    with django_assert_max_num_queries(7):
        response = client.get(f"/espace/92/appels/{call92.slug}/classement/")
    assert len(response.context["page"].object_list) == min(rows, 20)
