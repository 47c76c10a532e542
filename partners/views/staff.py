"""The staff workspace of one department: /espace/<code>/…"""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.history import record_history
from common.pagination import paginate
from common.views import found_or_404, run_service, versioned_edit_saved
from partners import selectors, selectors_revisions, services
from partners.filters import DepartmentOrganisationFilter
from partners.forms import (
    DepartmentSettingsForm,
    InvitationForm,
    MembershipRoleForm,
    OrganisationForm,
)
from partners.models import (
    DepartmentMembership,
    MembershipStatus,
    Organisation,
    StructureMembership,
)
from partners.permissions import (
    MANAGE_MEMBERS,
    MANAGE_SETTINGS,
    MANAGE_STRUCTURES,
    VIEW_STRUCTURES,
    StaffRequest,
    role_can,
    staff_view,
)
from partners.views.editing import posted_form_run

# Organisations of the department


@staff_view(VIEW_STRUCTURES, section="structures")
def organisation_list(request: StaffRequest) -> HttpResponse:
    organisation_filter = DepartmentOrganisationFilter(
        request.GET,
        queryset=selectors.department_organisation_list(department=request.department),
    )
    return render(
        request,
        "partners/staff/organisation_list.html",
        {"filter": organisation_filter, "page": paginate(request, organisation_filter.qs)},
    )


def _organisation_or_404(request: StaffRequest, slug: str) -> Organisation:
    return found_or_404(
        selectors.department_organisation_get(department=request.department, slug=slug)
    )


@staff_view(VIEW_STRUCTURES, section="structures")
def organisation_detail(request: StaffRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(request, slug)
    return render(
        request,
        "partners/staff/organisation_detail.html",
        {
            "organisation": organisation,
            "memberships": selectors.organisation_memberships(organisation=organisation),
            "pending_revision": selectors_revisions.structure_revision_pending(
                organisation=organisation
            ),
            "history": record_history(record=organisation),
        },
    )


@staff_view(MANAGE_STRUCTURES, section="structures")
def organisation_create(request: StaffRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, department=request.department)
    if request.method == "POST" and form.is_valid():
        created = run_service(
            services.organisation_create,
            form=form,
            created_by=request.user,
            publish=True,
            **form.service_fields(),
        )
        if created:
            organisation = created.value
            messages.success(
                request, _("The record of %(name)s is created.") % {"name": organisation}
            )
            return _back_to_organisation(request, organisation.slug)
    return render(request, "partners/staff/organisation_form.html", {"form": form})


@staff_view(MANAGE_STRUCTURES, section="structures")
def organisation_update(request: StaffRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(request, slug)
    form = OrganisationForm(
        request.POST or None, instance=organisation, department=request.department
    )
    if versioned_edit_saved(request, form, services.organisation_update, organisation=organisation):
        return _back_to_organisation(request, organisation.slug)
    return render(
        request,
        "partners/staff/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


def _back_to_organisation(request: StaffRequest, slug: str) -> HttpResponse:
    return redirect("partners:staff_organisation_detail", code=request.department.code, slug=slug)


def _organisation_decide(
    request: StaffRequest,
    slug: str,
    decide: Callable[..., object],
    done: str,
) -> HttpResponse:
    """A button of an organisation's page: ``decide`` on it as its officer, then say
    ``done`` (``%(name)s``: the organisation) back on its page."""
    organisation = _organisation_or_404(request, slug)
    decide(organisation=organisation, officer=request.user)
    messages.success(request, done % {"name": organisation})
    return _back_to_organisation(request, slug)


@staff_view(MANAGE_STRUCTURES, section="structures")
@require_POST
def organisation_validate(request: StaffRequest, slug: str) -> HttpResponse:
    done = _("%(name)s is now public.")
    return _organisation_decide(request, slug, services.organisation_validate, done)


@staff_view(MANAGE_STRUCTURES, section="structures")
@require_POST
def organisation_archive(request: StaffRequest, slug: str) -> HttpResponse:
    done = _("%(name)s is archived: it no longer appears in public.")
    return _organisation_decide(request, slug, services.organisation_archive, done)


def _pending_claim_or_404(request: StaffRequest, slug: str, pk: int) -> StructureMembership:
    organisation = _organisation_or_404(request, slug)
    return found_or_404(
        selectors.organisation_memberships(organisation=organisation)
        .filter(pk=pk, status=MembershipStatus.PENDING)
        .first()
    )


def _claim_decide(
    request: StaffRequest,
    slug: str,
    pk: int,
    decide: Callable[..., object],
    done: str,
) -> HttpResponse:
    """A button on a pending claim: ``decide`` on it as its officer, then say ``done``
    (``%(person)s``: who asked) back on the organisation's page."""
    membership = _pending_claim_or_404(request, slug, pk)
    decide(membership=membership, officer=request.user)
    messages.success(request, done % {"person": membership.user})
    return _back_to_organisation(request, slug)


@staff_view(MANAGE_STRUCTURES, section="structures")
@require_POST
def claim_approve(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    done = _("%(person)s now manages this structure.")
    return _claim_decide(request, slug, pk, services.structure_claim_approve, done)


@staff_view(MANAGE_STRUCTURES, section="structures")
@require_POST
def claim_reject(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    done = _("The request of %(person)s is declined.")
    return _claim_decide(request, slug, pk, services.structure_claim_reject, done)


# Settings of the department


@staff_view(MANAGE_SETTINGS, section="settings")
def department_settings(request: StaffRequest) -> HttpResponse:
    department = request.department
    form = DepartmentSettingsForm(request.POST or None, instance=department)
    if versioned_edit_saved(
        request, form, services.department_update_settings, department=department
    ):
        return redirect("partners:staff_department_settings", code=department.code)
    return render(
        request,
        "partners/staff/department_settings.html",
        {"form": form, "history": record_history(record=department)},
    )


# Team members


@staff_view(MANAGE_MEMBERS, section="members")
def member_list(request: StaffRequest) -> HttpResponse:
    department = request.department
    form = InvitationForm(request.POST or None)
    if posted_form_run(
        request,
        form,
        services.department_member_invite,
        field="email",
        department=department,
        invited_by=request.user,
    ):
        messages.success(
            request,
            _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("partners:staff_member_list", code=department.code)
    return render(
        request,
        "partners/staff/member_list.html",
        {
            "form": form,
            "memberships": selectors.department_member_list(department=department),
            "invitations": selectors.department_pending_invitations(department=department),
            "role_form": MembershipRoleForm(),
        },
    )


def _membership_or_404(request: StaffRequest, pk: int) -> DepartmentMembership:
    return found_or_404(
        selectors.department_member_list(department=request.department).filter(pk=pk).first()
    )


@staff_view(MANAGE_MEMBERS, section="members")
@require_POST
def member_change_role(request: StaffRequest, pk: int) -> HttpResponse:
    membership = _membership_or_404(request, pk)
    form = MembershipRoleForm(request.POST)
    # A button of the team list: a refusal is said in the page's messages.
    if form.is_valid() and run_service(
        services.department_membership_change_role,
        request=request,
        membership=membership,
        role=form.cleaned_data["role"],
    ):
        messages.success(
            request,
            _("%(person)s is now %(role)s.")
            % {"person": membership.user, "role": membership.get_role_display()},
        )
    return _back_to_members(request)


def _back_to_members(request: StaffRequest) -> HttpResponse:
    """Back to the team list, or wherever an admin who just stepped down may still go."""
    code = request.department.code
    membership = selectors.department_membership_get(user=request.user, code=code)
    if membership is None:
        return redirect("partners:account_home")
    if not role_can(membership.role, MANAGE_MEMBERS):
        return redirect("portal:staff_dashboard", code=code)
    return redirect("partners:staff_member_list", code=code)


@staff_view(MANAGE_MEMBERS, section="members")
def member_remove(request: StaffRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation (works without JavaScript); POST removes."""
    membership = _membership_or_404(request, pk)
    if request.method == "POST":
        if run_service(
            services.department_membership_remove, request=request, membership=membership
        ):
            messages.success(
                request, _("%(person)s has left the team.") % {"person": membership.user}
            )
        return _back_to_members(request)
    return render(request, "partners/staff/member_remove.html", {"membership": membership})


@staff_view(MANAGE_MEMBERS, section="members")
@require_POST
def invitation_cancel(request: StaffRequest, pk: int) -> HttpResponse:
    invitation = found_or_404(
        selectors.department_pending_invitations(department=request.department)
        .filter(pk=pk)
        .first()
    )
    if run_service(services.department_invitation_cancel, request=request, invitation=invitation):
        messages.success(
            request, _("The invitation to %(email)s is cancelled.") % {"email": invitation.email}
        )
    return redirect("partners:staff_member_list", code=request.department.code)
