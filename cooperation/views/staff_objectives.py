"""The objectives and action plan tab of a project in the staff workspace: objectives,
activities and their milestones. /espace/<code>/projets/<slug>/objectifs/…

Reading needs VIEW_PROJECTS, any change MANAGE_PROJECTS. Sub-objects are always looked
up from the project of the URL: the object of another project is not found.
"""

from functools import partial

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.views import found_or_404, run_service
from cooperation import selectors, services
from cooperation.forms import ActivityForm, MilestoneForm, ObjectiveForm
from cooperation.models import ActivityStatus, CooperationProject, Objective
from cooperation.views.common import (
    can_manage_projects,
    staff_project_or_404,
    staff_tab_redirect,
    staff_tab_url,
    versioned_edit_page,
)
from partners.permissions import MANAGE_PROJECTS, VIEW_PROJECTS, StaffRequest, staff_view

TAB = "cooperation:staff_project_objectives"


def _render_objectives(
    request: StaffRequest,
    project: CooperationProject,
    *,
    objective_form: ObjectiveForm | None = None,
    activity_form: ActivityForm | None = None,
    milestone_form: MilestoneForm | None = None,
    milestone_for: int | None = None,
) -> HttpResponse:
    objectives = list(selectors.project_objectives(project=project))
    activities = list(selectors.project_activities(project=project))
    by_objective: dict[int | None, list] = {}
    for activity in activities:
        by_objective.setdefault(activity.objective_id, []).append(activity)
    plan: list[tuple[Objective | None, list]] = [
        (objective, by_objective.get(objective.pk, [])) for objective in objectives
    ]
    if by_objective.get(None):
        plan.append((None, by_objective[None]))
    can_manage = can_manage_projects(request)
    if can_manage:
        if objective_form is None:
            objective_form = ObjectiveForm(auto_id="objective-%s")
        if activity_form is None:
            activity_form = ActivityForm(project=project, auto_id="activity-%s")
    has_errors = any(form is not None and form.errors for form in (objective_form, activity_form))
    return render(
        request,
        "cooperation/staff/objectives.html",
        {
            "project": project,
            "tab": "objectives",
            "objectives": objectives,
            "plan": plan,
            "has_activities": bool(activities),
            "status_choices": ActivityStatus.choices,
            "today": timezone.localdate(),
            "can_manage": can_manage,
            "objective_form": objective_form if can_manage else None,
            "activity_form": activity_form if can_manage else None,
            "milestone_form": milestone_form,
            "milestone_for": milestone_for,
            "has_errors": has_errors or milestone_form is not None,
        },
    )


@staff_view(VIEW_PROJECTS, section="projects")
def objectives(request: StaffRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    return _render_objectives(request, project)


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def objective_create(request: StaffRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    form = ObjectiveForm(request.POST, auto_id="objective-%s")
    if form.is_valid():
        outcome = run_service(
            services.objective_create, form=form, project=project, **form.service_fields()
        )
        if outcome:
            objective = outcome.value
            messages.success(
                request, _("The objective “%(title)s” is added.") % {"title": objective}
            )
            return staff_tab_redirect(request, TAB, project, f"objective-{objective.pk}")
    return _render_objectives(request, project, objective_form=form)


@staff_view(MANAGE_PROJECTS, section="projects")
def objective_update(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    objective = found_or_404(project.objectives.filter(pk=pk).first())
    form = ObjectiveForm(request.POST or None, instance=objective)
    return versioned_edit_page(
        request,
        project=project,
        form=form,
        update=partial(services.objective_update, objective=objective),
        template_tab="objectives",
        title=_("Edit the objective “%(title)s”") % {"title": objective.title},
        back=staff_tab_url(request, TAB, project, f"objective-{objective.pk}"),
    )


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def activity_create(request: StaffRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    form = ActivityForm(request.POST, project=project, auto_id="activity-%s")
    if form.is_valid():
        outcome = run_service(
            services.activity_create, form=form, project=project, **form.cleaned_data
        )
        if outcome:
            activity = outcome.value
            messages.success(request, _("The activity “%(title)s” is added.") % {"title": activity})
            return staff_tab_redirect(request, TAB, project, f"activity-{activity.pk}")
    return _render_objectives(request, project, activity_form=form)


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def activity_status(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    activity = found_or_404(project.activities.filter(pk=pk).first())
    if run_service(
        services.activity_set_status,
        request=request,
        activity=activity,
        status=request.POST.get("status", ""),
    ):
        messages.success(
            request,
            _("“%(title)s” is now %(status)s.")
            % {"title": activity, "status": activity.get_status_display()},
        )
    return staff_tab_redirect(request, TAB, project, f"activity-{activity.pk}")


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def milestone_create(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    activity = found_or_404(project.activities.filter(pk=pk).first())
    form = MilestoneForm(request.POST)
    if form.is_valid() and run_service(
        services.milestone_create, form=form, activity=activity, **form.cleaned_data
    ):
        messages.success(request, _("Milestone added to “%(title)s”.") % {"title": activity.title})
        return staff_tab_redirect(request, TAB, project, f"activity-{activity.pk}")
    return _render_objectives(request, project, milestone_form=form, milestone_for=activity.pk)


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def milestone_reached(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    milestone = found_or_404(selectors.project_milestone_get(project=project, pk=pk))
    if run_service(services.milestone_mark_reached, request=request, milestone=milestone):
        messages.success(request, _("Milestone “%(title)s” reached.") % {"title": milestone.title})
    return staff_tab_redirect(request, TAB, project, f"activity-{milestone.activity_id}")
