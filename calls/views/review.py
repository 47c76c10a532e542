"""The review of applications.

Officers (MANAGE_CALLS) assign the department's reviewers from the application's staff
page and follow the ranking of a call (VIEW_CALLS). Reviewers (REVIEW_APPLICATIONS) have
their own pages under /espace/<code>/evaluations/…: their assignments, and one
application's review (declaration of interests first, then the scores). An assignment
of someone else, of another department, or of a recused reviewer is a 404.
"""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls import selectors, services
from calls.filters import RankingFilter
from calls.forms import AssignReviewerForm, ConflictForm, ReviewScoresForm
from calls.models import ReviewAssignment
from calls.views.lookups import (
    application_content,
    staff_application,
    staff_call,
    to_staff_application,
)
from common.pagination import paginate
from common.views import found_or_404, run_service
from partners.permissions import (
    MANAGE_CALLS,
    REVIEW_APPLICATIONS,
    VIEW_CALLS,
    StaffRequest,
    staff_view,
)

# Officers: assigning, and the ranking


@staff_view(MANAGE_CALLS, section="calls")
@require_POST
def review_assign(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    application = staff_application(staff_call(request, slug), pk)
    form = AssignReviewerForm(
        request.POST, reviewers=selectors.department_reviewers(department=request.department)
    )
    if not form.is_valid():
        messages.error(request, _("Choose a reviewer of the department."))
        return to_staff_application(request, application)
    if run_service(
        services.review_assign,
        request=request,
        application=application,
        reviewer=form.cleaned_data["reviewer"],
        assigned_by=request.user,
    ):
        messages.success(
            request,
            _("%(name)s is assigned to this application.")
            % {"name": form.cleaned_data["reviewer"].get_full_name()},
        )
    return to_staff_application(request, application)


@staff_view(MANAGE_CALLS, section="calls")
@require_POST
def review_unassign(request: StaffRequest, slug: str, pk: int, assignment_pk: int) -> HttpResponse:
    application = staff_application(staff_call(request, slug), pk)
    assignment = found_or_404(application.assignments.filter(pk=assignment_pk).first())
    if run_service(
        services.review_unassign, request=request, assignment=assignment, actor=request.user
    ):
        messages.success(request, _("The assignment is withdrawn."))
    return to_staff_application(request, application)


@staff_view(VIEW_CALLS, section="calls")
def call_ranking(request: StaffRequest, slug: str) -> HttpResponse:
    call = staff_call(request, slug)
    ranking = RankingFilter(request.GET, queryset=selectors.call_ranking(call=call))
    page = paginate(request, ranking.qs)
    return render(
        request,
        "calls/review/ranking.html",
        {
            "call": call,
            "tab": "ranking",
            "filter": ranking,
            "page": page,
            "first_rank": page.start_index(),
        },
    )


# Reviewers


@staff_view(REVIEW_APPLICATIONS, section="reviews")
def reviewer_assignment_list(request: StaffRequest) -> HttpResponse:
    assignments = selectors.reviewer_assignment_list(
        user=request.user, department=request.department
    )
    return render(
        request,
        "calls/review/assignment_list.html",
        {"page": paginate(request, assignments)},
    )


def _assignment_or_404(request: StaffRequest, pk: int) -> ReviewAssignment:
    assignment = selectors.reviewer_assignment_get(
        user=request.user, department=request.department, pk=pk
    )
    if assignment is None or assignment.conflict_declared:
        raise Http404
    return assignment


def _review_page(
    request: StaffRequest,
    assignment: ReviewAssignment,
    *,
    conflict_form: ConflictForm | None = None,
    scores_form: ReviewScoresForm | None = None,
) -> HttpResponse:
    application = assignment.application
    call = application.call
    context: dict[str, Any] = {"assignment": assignment, "application": application, "call": call}
    if assignment.conflict_declared is None:
        context["conflict_form"] = conflict_form or ConflictForm()
        context["members"] = selectors.application_members(application=application)
        return render(request, "calls/review/declare.html", context)
    criteria = list(call.criteria.all())
    scores = selectors.assignment_scores(assignment=assignment)
    editable = assignment.submitted_at is None and application.state in (services.ASSIGNABLE_STATES)
    context.update(
        {
            "criteria": criteria,
            "scores": [(criterion, scores.get(criterion.pk)) for criterion in criteria],
            "total": selectors.assignment_total(assignment=assignment),
            "editable": editable,
            "scores_form": scores_form
            or (ReviewScoresForm(criteria=criteria, scores=scores) if editable else None),
            "others": selectors.other_submitted_reviews(assignment=assignment),
            **application_content(application),
            "minors": selectors.application_minors(application=application),
        }
    )
    return render(request, "calls/review/review_detail.html", context)


@staff_view(REVIEW_APPLICATIONS, section="reviews")
def reviewer_assignment_detail(request: StaffRequest, pk: int) -> HttpResponse:
    """GET: the declaration of interests, then the application and the scores; POST: saves
    the scores ("save") or submits the review ("submit")."""
    assignment = _assignment_or_404(request, pk)
    if request.method != "POST":
        return _review_page(request, assignment)
    if assignment.conflict_declared is None:
        messages.error(request, _("Declare your interests before scoring."))
        return redirect("calls:staff_review_detail", code=request.department.code, pk=assignment.pk)
    criteria = list(assignment.application.call.criteria.all())
    form = ReviewScoresForm(
        request.POST,
        criteria=criteria,
        scores=selectors.assignment_scores(assignment=assignment),
    )
    if form.is_valid():
        submit = "submit" in request.POST
        # Saved as a draft first: a refused submission keeps what was typed.
        done = all(
            run_service(
                services.review_save_scores,
                form=form,
                assignment=assignment,
                actor=request.user,
                scores=form.service_scores(),
                submit=submitting,
            )
            for submitting in ((False, True) if submit else (False,))
        )
        if done:
            messages.success(
                request,
                _("Your review is submitted: you can now read the other reviews.")
                if submit
                else _("Your scores are saved as a draft."),
            )
            return redirect(
                "calls:staff_review_detail", code=request.department.code, pk=assignment.pk
            )
    return _review_page(request, assignment, scores_form=form)


@staff_view(REVIEW_APPLICATIONS, section="reviews")
@require_POST
def reviewer_declare(request: StaffRequest, pk: int) -> HttpResponse:
    assignment = _assignment_or_404(request, pk)
    form = ConflictForm(request.POST)
    if form.is_valid() and run_service(
        services.review_declare_conflict,
        form=form,
        assignment=assignment,
        actor=request.user,
        conflict=form.cleaned_data["conflict"],
        details=form.cleaned_data["details"],
    ):
        if assignment.conflict_declared:
            messages.success(
                request,
                _("Your conflict of interest is recorded: you are recused."),
            )
            return redirect("calls:staff_review_list", code=request.department.code)
        messages.success(request, _("Thank you: you can now read and score the application."))
        return redirect("calls:staff_review_detail", code=request.department.code, pk=assignment.pk)
    return _review_page(request, assignment, conflict_form=form)
