"""The projects of a department's staff workspace: /espace/<code>/projets/…

The list and its exports, creating and editing a project, its overview (publication
checklist), partners, contributors, documents and history. The co-construction tabs
(diagnostic, objectives, indicators, exchanges) live in `staff_diagnostic`,
`staff_objectives`, `staff_indicators` and `staff_exchanges`.
"""

from django.contrib import messages
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.history import record_history
from common.pagination import paginate
from common.security import export_logged
from common.uploads import private_file_response
from common.views import found_or_404, run_service, versioned_edit_saved
from cooperation import exports, selectors, services
from cooperation.filters import StaffProjectFilter
from cooperation.forms import (
    ContributorInvitationForm,
    PartnerAddForm,
    ProjectDocumentForm,
    ProjectForm,
)
from cooperation.models import CooperationProject, PartnerRole, TerritorySide
from cooperation.views.common import (
    staff_project_or_404,
    staff_project_to_post,
    staff_tab_redirect,
    staff_tab_url,
)
from partners.models import Organisation
from partners.permissions import (
    MANAGE_PROJECTS,
    VIEW_PROJECTS,
    StaffRequest,
    staff_view,
)

PARTNER_SEARCH_PAGE_SIZE = 10


# The list and its exports


def _filtered_projects(request: StaffRequest) -> StaffProjectFilter:
    return StaffProjectFilter(
        request.GET, queryset=selectors.department_project_list(department=request.department)
    )


@staff_view(VIEW_PROJECTS, section="projects")
def project_list(request: StaffRequest) -> HttpResponse:
    project_filter = _filtered_projects(request)
    return render(
        request,
        "cooperation/staff/project_list.html",
        {"filter": project_filter, "page": paginate(request, project_filter.qs)},
    )


@staff_view(VIEW_PROJECTS, section="projects")
def project_export_csv(request: StaffRequest) -> StreamingHttpResponse:
    export_logged(request, data="projects", file_format="csv", department=request.department.code)
    return exports.projects_csv_response(
        _filtered_projects(request).qs, code=request.department.code
    )


@staff_view(VIEW_PROJECTS, section="projects")
def project_export_xlsx(request: StaffRequest) -> FileResponse:
    export_logged(request, data="projects", file_format="xlsx", department=request.department.code)
    return exports.projects_xlsx_response(
        _filtered_projects(request).qs, code=request.department.code
    )


# Creating and editing


@staff_view(MANAGE_PROJECTS, section="projects")
def project_create(request: StaffRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None, department=request.department)
    if request.method == "POST" and form.is_valid():
        created = run_service(
            services.project_create,
            form=form,
            department=request.department,
            created_by=request.user,
            **form.service_fields(),
        )
        if created:
            project = created.value
            messages.success(request, _("The project “%(title)s” is created.") % {"title": project})
            return staff_tab_redirect(request, "cooperation:staff_project_detail", project)
    return render(request, "cooperation/staff/project_form.html", {"form": form})


@staff_view(MANAGE_PROJECTS, section="projects")
def project_update(request: StaffRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    title = project.title  # binding the form changes the instance's fields
    form = ProjectForm(request.POST or None, instance=project, department=request.department)
    if versioned_edit_saved(request, form, services.project_update, project=project):
        return staff_tab_redirect(request, "cooperation:staff_project_detail", project)
    return render(
        request,
        "cooperation/staff/project_form.html",
        {"form": form, "project": project, "title": title},
    )


# Overview and publication


@staff_view(VIEW_PROJECTS, section="projects")
def project_detail(request: StaffRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    checklist = selectors.project_publication_checklist(project=project)
    return render(
        request,
        "cooperation/staff/project_detail.html",
        {
            "project": project,
            "tab": "overview",
            "checklist": checklist,
            "ready_to_publish": all(item.done for item in checklist),
            "to_review": selectors.project_measurements_to_review(project=project),
            "links": selectors.project_public_links(project=project),
        },
    )


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def project_publish(request: StaffRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    if run_service(services.project_publish, request=request, project=project):
        messages.success(request, _("The project is published: the public can see it."))
    return staff_tab_redirect(request, "cooperation:staff_project_detail", project)


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def project_unpublish(request: StaffRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    if run_service(services.project_unpublish, request=request, project=project):
        messages.success(request, _("The project is no longer public."))
    return staff_tab_redirect(request, "cooperation:staff_project_detail", project)


# Partners


def _side_for(organisation: Organisation) -> str:
    """A French organisation is most likely on the French side."""
    return TerritorySide.FRENCH if organisation.country == "FR" else TerritorySide.PARTNER


def _partners_page(
    request: StaffRequest,
    project: CooperationProject,
    *,
    failed: tuple | None = None,
    status: int = 200,
) -> HttpResponse:
    """The partners tab; `failed` is (organisation, bound form) after a refused addition,
    shown alone in the results with its errors."""
    query = request.GET.get("q", "").strip()
    results = page = None
    if failed is not None:
        organisation, form = failed
        results = [(organisation, form)]
    elif query:
        page = paginate(
            request,
            selectors.project_partner_candidates(
                project=project, department=request.department, text=query
            ),
            per_page=PARTNER_SEARCH_PAGE_SIZE,
        )
        results = [
            (
                organisation,
                PartnerAddForm(
                    initial={"side": _side_for(organisation), "role": PartnerRole.PARTNER},
                    auto_id=f"id_org{organisation.pk}_%s",
                ),
            )
            for organisation in page.object_list
        ]
    return render(
        request,
        "cooperation/staff/project_partners.html",
        {
            "project": project,
            "tab": "partners",
            "partners": selectors.project_partner_list(project=project),
            "query": query,
            "results": results,
            "page": page,
        },
        status=status,
    )


@staff_view(VIEW_PROJECTS, section="projects")
def project_partners(request: StaffRequest, slug: str) -> HttpResponse:
    return _partners_page(request, staff_project_or_404(request, slug))


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def project_partner_add(request: StaffRequest, slug: str, organisation_pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    organisation = found_or_404(
        selectors.project_partner_candidate_get(
            project=project, department=request.department, pk=organisation_pk
        )
    )
    form = PartnerAddForm(request.POST, auto_id=f"id_org{organisation.pk}_%s")
    if form.is_valid() and run_service(
        services.project_partner_add,
        form=form,
        project=project,
        organisation=organisation,
        **form.cleaned_data,
    ):
        messages.success(
            request, _("%(name)s is now a partner of the project.") % {"name": organisation}
        )
        # Back to the same search, to add another organisation from it.
        query = request.GET.get("q", "").strip()
        url = staff_tab_url(request, "cooperation:staff_project_partners", project)
        return redirect(f"{url}?{urlencode({'q': query})}" if query else url)
    return _partners_page(request, project, failed=(organisation, form))


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def project_partner_remove(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    partner = found_or_404(selectors.project_partner_list(project=project).filter(pk=pk).first())
    if run_service(services.project_partner_remove, request=request, partner=partner):
        messages.success(
            request,
            _("%(name)s is no longer a partner of the project.") % {"name": partner.organisation},
        )
    return staff_tab_redirect(request, "cooperation:staff_project_partners", project)


# Contributors from partner organisations


@staff_view(VIEW_PROJECTS, section="projects")
def project_contributors(request: StaffRequest, slug: str) -> HttpResponse:
    """The contributors and pending invitations; a POST (MANAGE_PROJECTS) invites."""
    project = staff_project_to_post(request, slug)
    form = ContributorInvitationForm(request.POST or None, project=project)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            services.project_contributor_invite,
            form=form,
            field="email",
            project=project,
            invited_by=request.user,
            **form.cleaned_data,
        )
    ):
        messages.success(
            request,
            _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        return staff_tab_redirect(request, "cooperation:staff_project_contributors", project)
    return render(
        request,
        "cooperation/staff/project_contributors.html",
        {
            "project": project,
            "tab": "contributors",
            "form": form,
            "contributors": selectors.project_contributor_list(project=project),
            "invitations": selectors.project_pending_invitations(project=project),
        },
    )


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def project_contributor_remove(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    contributor = found_or_404(
        selectors.project_contributor_list(project=project).filter(pk=pk).first()
    )
    if run_service(services.project_contributor_remove, request=request, contributor=contributor):
        messages.success(
            request,
            _("%(person)s no longer contributes to the project.") % {"person": contributor.user},
        )
    return staff_tab_redirect(request, "cooperation:staff_project_contributors", project)


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def project_invitation_cancel(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    invitation = found_or_404(
        selectors.project_pending_invitations(project=project).filter(pk=pk).first()
    )
    if run_service(services.project_invitation_cancel, request=request, invitation=invitation):
        messages.success(
            request, _("The invitation to %(email)s is cancelled.") % {"email": invitation.email}
        )
    return staff_tab_redirect(request, "cooperation:staff_project_contributors", project)


# Documents


@staff_view(VIEW_PROJECTS, section="projects")
def project_documents(request: StaffRequest, slug: str) -> HttpResponse:
    """The project's documents; a POST (MANAGE_PROJECTS) adds one."""
    project = staff_project_to_post(request, slug)
    form = ProjectDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        added = run_service(
            services.project_document_add,
            form=form,
            project=project,
            uploaded_by=request.user,
            **form.cleaned_data,
        )
        if added:
            messages.success(
                request, _("The document “%(title)s” is added.") % {"title": added.value}
            )
            return staff_tab_redirect(request, "cooperation:staff_project_documents", project)
    return render(
        request,
        "cooperation/staff/project_documents.html",
        {
            "project": project,
            "tab": "documents",
            "form": form,
            "documents": selectors.project_document_list(project=project),
        },
    )


@staff_view(VIEW_PROJECTS, section="projects")
def project_document(request: StaffRequest, slug: str, pk: int) -> FileResponse:
    project = staff_project_or_404(request, slug)
    return private_file_response(
        found_or_404(selectors.project_document_get(project=project, pk=pk)).file, request=request
    )


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def project_document_remove(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    document = found_or_404(selectors.project_document_get(project=project, pk=pk))
    if run_service(services.project_document_remove, request=request, document=document):
        messages.success(request, _("The document “%(title)s” is deleted.") % {"title": document})
    return staff_tab_redirect(request, "cooperation:staff_project_documents", project)


# History


@staff_view(VIEW_PROJECTS, section="projects")
def project_history(request: StaffRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    return render(
        request,
        "cooperation/staff/project_history.html",
        {
            "project": project,
            "tab": "history",
            "history": record_history(record=project),
            "partner_changes": selectors.project_partner_changes(project=project),
        },
    )
