"""Lookups and page pieces shared by the staff and contributor views: one place decides
what is a 404."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from common.views import found_or_404, run_service
from cooperation.models import CooperationProject, ProjectContributor
from cooperation.selectors import contributor_role_get, department_project_get
from partners.permissions import MANAGE_PROJECTS, AuthenticatedRequest, StaffRequest


def staff_project_or_404(request: StaffRequest, slug: str) -> CooperationProject:
    """A project the request's department runs or co-runs (set by `staff_view`)."""
    return found_or_404(department_project_get(department=request.department, slug=slug))


def contributor_or_404(
    request: AuthenticatedRequest, slug: str, *, write: bool = False
) -> ProjectContributor:
    """The request user's role on that project; `write` asks for the contributor role."""
    contributor = contributor_role_get(user=request.user, slug=slug)
    if contributor is None or (write and contributor.role != "contributor"):
        raise Http404
    return contributor


def can_manage_projects(request: StaffRequest) -> bool:
    """Inside a staff view: whether the person may change the projects (not only read)."""
    return MANAGE_PROJECTS in request.capabilities


def staff_tab_url(name: str, project: CooperationProject, code: str, anchor: str = "") -> str:
    """The address of a tab of the staff project page, with an optional #anchor."""
    url = reverse(name, kwargs={"code": code, "slug": project.slug})
    return f"{url}#{anchor}" if anchor else url


def versioned_edit_page(
    request: StaffRequest,
    *,
    project: CooperationProject,
    form: BaseForm,
    save: Callable[..., Any],
    template_tab: str,
    title: str,
    back: str,
) -> HttpResponse:
    """The edit page of a versioned sub-record (``save()`` runs the service on the valid
    form): an edit of an older version is refused, naming who changed it; what was typed
    stays in the form."""
    if request.method == "POST" and form.is_valid() and run_service(save, form=form):
        messages.success(request, _("Changes saved."))
        return redirect(back)
    return render(
        request,
        "cooperation/staff/subrecord_form.html",
        {"project": project, "tab": template_tab, "form": form, "title": title, "back": back},
    )
