"""The staff workspace's entry: the department chooser and the dashboard, which gathers
the figures of every app."""

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cooperation import selectors as cooperation_selectors
from partners import selectors
from partners.models import User
from partners.permissions import VIEW_DASHBOARD, VIEW_PROJECTS, StaffRequest, staff_view


@login_required
def workspace_home(request: HttpRequest) -> HttpResponse:
    """Sends a staff member to their department, or lets them choose among several."""
    memberships = list(selectors.user_department_memberships(user=cast(User, request.user)))
    if not memberships:
        raise Http404
    if len(memberships) == 1:
        return redirect("portal:staff_dashboard", code=memberships[0].department.code)
    return render(request, "portal/choose_department.html", {"memberships": memberships})


@staff_view(VIEW_DASHBOARD, section="dashboard")
def dashboard(request: StaffRequest) -> HttpResponse:
    department = request.department
    context = {
        "figures": selectors.department_dashboard_figures(department=department),
        "awaiting_validation": selectors.department_structures_awaiting_validation(
            department=department
        )[:10],
        "has_two_factor": selectors.user_has_two_factor(user=request.user),
    }
    if VIEW_PROJECTS in request.capabilities:
        context["project_figures"] = cooperation_selectors.department_project_figures(
            department=department
        )
        context["overdue_actions"] = cooperation_selectors.department_overdue_actions(
            department=department
        )[:10]
    return render(request, "portal/dashboard.html", context)
