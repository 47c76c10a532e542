"""The delegations and exchanges tab of a project in the staff workspace: delegations,
exchanges and their follow-up actions. /espace/<code>/projets/<slug>/delegations-echanges/…

Reading needs VIEW_PROJECTS, any change MANAGE_PROJECTS. Sub-objects are always looked
up from the project of the URL.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.views import found_or_404, run_service
from cooperation import selectors, services
from cooperation.forms import DelegationForm, ExchangeForm, FollowUpActionForm
from cooperation.models import CooperationProject
from cooperation.views.common import (
    can_manage_projects,
    staff_project_or_404,
    staff_tab_redirect,
)
from partners.permissions import MANAGE_PROJECTS, VIEW_PROJECTS, StaffRequest, staff_view

TAB = "cooperation:staff_project_exchanges"


def _render_exchanges(
    request: StaffRequest,
    project: CooperationProject,
    *,
    action_form: FollowUpActionForm | None = None,
    action_for: int | None = None,
) -> HttpResponse:
    can_manage = can_manage_projects(request)
    owners = []
    if can_manage:
        # One list of owners for the add-action form of every exchange (one query).
        owners = list(selectors.follow_up_owner_choices(project=project))
    return render(
        request,
        "cooperation/staff/exchanges.html",
        {
            "project": project,
            "tab": "exchanges",
            "delegations": selectors.project_delegations(project=project),
            "exchanges": selectors.project_exchanges(project=project),
            "today": timezone.localdate(),
            "can_manage": can_manage,
            "owners": owners,
            "action_form": action_form,
            "action_for": action_for,
        },
    )


@staff_view(VIEW_PROJECTS, section="projects")
def exchanges(request: StaffRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    return _render_exchanges(request, project)


@staff_view(MANAGE_PROJECTS, section="projects")
def delegation_create(request: StaffRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    form = DelegationForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            services.delegation_create,
            form=form,
            department=request.department,
            project=project,
            **form.cleaned_data,
        )
        if outcome:
            delegation = outcome.value
            messages.success(
                request,
                _("The delegation from %(origin)s is recorded.") % {"origin": delegation.origin},
            )
            return staff_tab_redirect(request, TAB, project, f"delegation-{delegation.pk}")
    return render(
        request,
        "cooperation/staff/delegation_form.html",
        {"project": project, "tab": "exchanges", "form": form},
    )


@staff_view(MANAGE_PROJECTS, section="projects")
def exchange_create(request: StaffRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    form = ExchangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            services.exchange_create, form=form, project=project, **form.cleaned_data
        )
        if outcome:
            exchange = outcome.value
            messages.success(
                request, _("The exchange “%(title)s” is recorded.") % {"title": exchange.title}
            )
            return staff_tab_redirect(request, TAB, project, f"exchange-{exchange.pk}")
    return render(
        request,
        "cooperation/staff/exchange_form.html",
        {"project": project, "tab": "exchanges", "form": form},
    )


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def action_create(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    exchange = found_or_404(project.exchanges.filter(pk=pk).first())
    data = request.POST.copy()
    if not data.get("owner"):
        # Whoever records the action owns it unless they name someone else.
        data["owner"] = str(request.user.pk)
    form = FollowUpActionForm(data, project=project)
    if form.is_valid() and run_service(
        services.follow_up_action_create, form=form, exchange=exchange, **form.cleaned_data
    ):
        messages.success(
            request,
            _("Follow-up action added to “%(title)s”.") % {"title": exchange.title},
        )
        return staff_tab_redirect(request, TAB, project, f"exchange-{exchange.pk}")
    return _render_exchanges(request, project, action_form=form, action_for=exchange.pk)


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def action_done(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    action = found_or_404(selectors.project_action_get(project=project, pk=pk))
    if run_service(services.follow_up_action_mark_done, request=request, action=action):
        messages.success(request, _("“%(action)s” is done.") % {"action": action.description})
    return staff_tab_redirect(request, TAB, project, f"exchange-{action.exchange_id}")
