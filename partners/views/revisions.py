"""Proposed changes of a published structure (``partners.services_revisions``): the
manager withdraws theirs (/compte/…); the structure's department reviews them
(/espace/<code>/structures/modifications/…)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.pagination import paginate
from common.views import found_or_404, run_service
from partners import selectors, selectors_revisions, services_revisions
from partners.forms import RevisionRefuseForm
from partners.models import StructureRevision
from partners.permissions import (
    MANAGE_STRUCTURES,
    VIEW_STRUCTURES,
    AuthenticatedRequest,
    StaffRequest,
    staff_view,
)
from partners.views.editing import posted_form_run

# The manager's side


@login_required
@require_POST
def structure_revision_withdraw(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    structure = found_or_404(selectors.structure_manager_get(user=request.user, slug=slug))
    revision = found_or_404(selectors_revisions.structure_revision_pending(organisation=structure))
    if run_service(
        services_revisions.structure_revision_withdraw, request=request, revision=revision
    ):
        messages.success(
            request, _("Your proposed changes are withdrawn: the public record stays as it is.")
        )
    return redirect("partners:account_structure_update", slug=slug)


# The department's review


@staff_view(VIEW_STRUCTURES, section="structures")
def revision_list(request: StaffRequest) -> HttpResponse:
    page = paginate(
        request, selectors_revisions.department_revision_list(department=request.department)
    )
    return render(
        request,
        "partners/staff/revision_list.html",
        {
            "page": page,
            "rows": [
                (revision, selectors_revisions.revision_changes(revision=revision))
                for revision in page.object_list
            ],
        },
    )


def _revision_or_404(request: StaffRequest, slug: str, pk: int) -> StructureRevision:
    return found_or_404(
        selectors_revisions.department_revision_get(department=request.department, slug=slug, pk=pk)
    )


def _revision_page(
    request: StaffRequest, revision: StructureRevision, form: RevisionRefuseForm
) -> HttpResponse:
    return render(
        request,
        "partners/staff/revision_detail.html",
        {
            "revision": revision,
            "organisation": revision.organisation,
            "changes": selectors_revisions.revision_changes(revision=revision),
            "form": form,
        },
    )


@staff_view(VIEW_STRUCTURES, section="structures")
def revision_detail(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    return _revision_page(request, _revision_or_404(request, slug, pk), RevisionRefuseForm())


def _back_to_revisions(request: StaffRequest) -> HttpResponse:
    return redirect("partners:staff_revision_list", code=request.department.code)


@staff_view(MANAGE_STRUCTURES, section="structures")
@require_POST
def revision_accept(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    revision = _revision_or_404(request, slug, pk)
    if run_service(
        services_revisions.structure_revision_accept,
        request=request,
        revision=revision,
        reviewer=request.user,
    ):
        revision.organisation.refresh_from_db()
        messages.success(
            request,
            _("The changes are accepted: %(name)s shows them in public now.")
            % {"name": revision.organisation},
        )
        return _back_to_revisions(request)
    return redirect(
        "partners:staff_revision_detail", code=request.department.code, slug=slug, pk=pk
    )


@staff_view(MANAGE_STRUCTURES, section="structures")
@require_POST
def revision_refuse(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    revision = _revision_or_404(request, slug, pk)
    form = RevisionRefuseForm(request.POST)
    if posted_form_run(
        request,
        form,
        services_revisions.structure_revision_refuse,
        revision=revision,
        reviewer=request.user,
    ):
        messages.success(
            request,
            _("The changes of %(name)s are refused; its managers are told why.")
            % {"name": revision.organisation},
        )
        return _back_to_revisions(request)
    return _revision_page(request, revision, form)
