"""Lookups and page pieces shared by the staff and contributor views: one place decides
what is a 404."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from common.views import found_or_404, run_service, versioned_edit_saved
from cooperation import services
from cooperation.forms import (
    DiagnosticContributionForm,
    IndicatorForm,
    MeasurementForm,
    ObjectiveForm,
)
from cooperation.models import (
    CooperationProject,
    DiagnosticContribution,
    Indicator,
    ProjectContributor,
)
from cooperation.selectors import contributor_role_get, department_project_get
from partners.permissions import (
    MANAGE_PROJECTS,
    AuthenticatedRequest,
    StaffRequest,
    require_capability,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def staff_project_or_404(request: StaffRequest, slug: str) -> CooperationProject:
    """A project the request's department runs or co-runs (set by `staff_view`)."""
    return found_or_404(department_project_get(department=request.department, slug=slug))


def staff_project_to_post(request: StaffRequest, slug: str) -> CooperationProject:
    """The project of a tab that more people may read than post to: a POST from someone
    who may not change the projects gets a 404."""
    project = staff_project_or_404(request, slug)
    if request.method == "POST":
        require_capability(request, MANAGE_PROJECTS)
    return project


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


def staff_tab_url(
    request: StaffRequest, name: str, project: CooperationProject, anchor: str = ""
) -> str:
    """The address of a tab of the staff project page, with an optional #anchor."""
    url = reverse(name, kwargs={"code": request.department.code, "slug": project.slug})
    return f"{url}#{anchor}" if anchor else url


def staff_tab_redirect(
    request: StaffRequest, name: str, project: CooperationProject, anchor: str = ""
) -> HttpResponse:
    """Back to a tab of the staff project page (at the #anchor of what changed)."""
    return redirect(staff_tab_url(request, name, project, anchor))


def versioned_edit_page(
    request: StaffRequest,
    *,
    project: CooperationProject,
    form: ObjectiveForm | IndicatorForm,
    update: Callable[..., Any],
    template_tab: str,
    title: str,
    back: str,
) -> HttpResponse:
    """The edit page of a versioned sub-record: ``update`` (the service, its record given)
    runs on the valid form with the version it was opened on. An edit of an older version
    is refused, naming who changed it; what was typed stays in the form."""
    if versioned_edit_saved(request, form, update):
        return redirect(back)
    return render(
        request,
        "cooperation/staff/subrecord_form.html",
        {"project": project, "tab": template_tab, "form": form, "title": title, "back": back},
    )


def contribution_added(
    request: AuthenticatedRequest,
    *,
    form: DiagnosticContributionForm,
    project: CooperationProject,
    contributor: ProjectContributor | None = None,
) -> DiagnosticContribution | None:
    """The request user's contribution (the valid ``form``) added to the diagnostic and
    announced, or None when the service refused it (its errors are on the form).
    ``contributor``: the user's role when they write as a partner, not as staff."""
    outcome = run_service(
        services.diagnostic_contribution_add,
        form=form,
        project=project,
        author=request.user,
        contributor=contributor,
        **form.cleaned_data,
    )
    if not outcome:
        return None
    messages.success(request, _("Your contribution is added to the diagnostic."))
    return outcome.value


def wants_submission(request: HttpRequest) -> bool:
    """Which of the two buttons was pressed: "Submit for review" or "Save as draft"."""
    return request.POST.get("action") == "submit"


def measurement_reported(
    request: AuthenticatedRequest,
    *,
    form: MeasurementForm,
    indicator: Indicator,
    submitted: "StrOrPromise",
    drafted: "StrOrPromise",
) -> bool:
    """Whether the value of the valid ``form``, reported by the request user, is recorded:
    submitted for review or kept as a draft, as the button pressed says, then announced
    by ``submitted`` or ``drafted``."""
    submit = wants_submission(request)
    if not run_service(
        services.measurement_create,
        form=form,
        indicator=indicator,
        reporter=request.user,
        submit=submit,
        **form.cleaned_data,
    ):
        return False
    messages.success(request, submitted if submit else drafted)
    return True
