"""The shared diagnostic tab of a project in the staff workspace:
/espace/<code>/projets/<slug>/diagnostic/…

Reading needs VIEW_PROJECTS, any change MANAGE_PROJECTS (a viewer who posts gets a 404).
A contribution is always looked up from the project of the URL.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.views import found_or_404, run_service
from cooperation import selectors, services
from cooperation.forms import DiagnosticCommentForm, DiagnosticContributionForm
from cooperation.models import CooperationProject
from cooperation.views.common import (
    can_manage_projects,
    contribution_added,
    staff_project_or_404,
    staff_project_to_post,
    staff_tab_redirect,
    staff_tab_url,
)
from partners.permissions import MANAGE_PROJECTS, VIEW_PROJECTS, StaffRequest, staff_view

TAB = "cooperation:staff_project_diagnostic"


def _version_number(request: StaffRequest) -> int | None:
    value = request.GET.get("version", "")
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


def _render_diagnostic(
    request: StaffRequest,
    project: CooperationProject,
    *,
    number: int | None,
    contribution_form: DiagnosticContributionForm | None = None,
    comment_form: DiagnosticCommentForm | None = None,
    comment_for: int | None = None,
    status: int = 200,
) -> HttpResponse:
    view = selectors.project_diagnostic(project=project, number=number)
    if number is not None and view.diagnostic is None:
        raise Http404
    diagnostic = view.diagnostic
    is_latest = diagnostic is None or diagnostic.pk == view.versions[0].pk
    can_manage = can_manage_projects(request)
    can_write = can_manage and is_latest and view.is_open
    if can_write and contribution_form is None:
        contribution_form = DiagnosticContributionForm(project=project)
    return render(
        request,
        "cooperation/staff/diagnostic.html",
        {
            "project": project,
            "tab": "diagnostic",
            "view": view,
            "diagnostic": diagnostic,
            "is_latest": is_latest,
            "can_write": can_write,
            "can_validate": can_write and diagnostic is not None,
            "can_open_version": can_manage and is_latest and not view.is_open,
            "contribution_form": contribution_form if can_write else None,
            "comment_form": comment_form,
            "comment_for": comment_for,
        },
        status=status,
    )


@staff_view(VIEW_PROJECTS, section="projects")
def diagnostic(request: StaffRequest, slug: str) -> HttpResponse:
    """The diagnostic by section (the latest version, or ?version=N); partners' contributions
    are added here while the version is open."""
    project = staff_project_to_post(request, slug)
    number = _version_number(request)
    form = None
    if request.method == "POST":
        form = DiagnosticContributionForm(request.POST, project=project)
        if form.is_valid():
            contribution = contribution_added(request, form=form, project=project)
            if contribution is not None:
                return staff_tab_redirect(request, TAB, project, f"contribution-{contribution.pk}")
    return _render_diagnostic(request, project, number=number, contribution_form=form)


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def diagnostic_comment(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    contribution = found_or_404(selectors.project_contribution_get(project=project, pk=pk))
    form = DiagnosticCommentForm(request.POST)
    if form.is_valid():
        if run_service(
            services.diagnostic_comment_add,
            request=request,
            contribution=contribution,
            author=request.user,
            text=form.cleaned_data["text"],
        ):
            messages.success(request, _("Your comment is added."))
        url = staff_tab_url(request, TAB, project)
        return redirect(
            f"{url}?version={contribution.diagnostic.number}#contribution-{contribution.pk}"
        )
    return _render_diagnostic(
        request,
        project,
        number=contribution.diagnostic.number,
        comment_form=form,
        comment_for=contribution.pk,
    )


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def diagnostic_validate(request: StaffRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    open_version = project.diagnostics.filter(validated_at__isnull=True).first()
    if open_version is None:
        messages.error(request, _("No version of the diagnostic is open."))
    elif run_service(
        services.diagnostic_validate, request=request, diagnostic=open_version, officer=request.user
    ):
        messages.success(
            request,
            _("Version %(number)s of the diagnostic is validated: it is now read-only.")
            % {"number": open_version.number},
        )
    return staff_tab_redirect(request, TAB, project)


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def diagnostic_new_version(request: StaffRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    outcome = run_service(services.diagnostic_open_new_version, request=request, project=project)
    if outcome:
        messages.success(
            request,
            _("Version %(number)s of the diagnostic is open, starting from the previous one.")
            % {"number": outcome.value.number},
        )
    return staff_tab_redirect(request, TAB, project)
