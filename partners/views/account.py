"""The account area of ESS actors and applicants: /compte/…"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from common.pagination import paginate
from common.views import found_or_404, run_service
from partners import selectors, selectors_revisions, services
from partners.filters import StructureDirectoryFilter
from partners.forms import ClaimForm, OrganisationForm, ProfileForm
from partners.invitations import InvitationKind, invitation_is_expired
from partners.models import Invitation, Organisation, RevisionStatus
from partners.permissions import AuthenticatedRequest
from partners.views.editing import posted_form_run


@login_required
def account_home(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "partners/account/home.html",
        {
            "structure_memberships": selectors.user_structure_memberships(user=request.user),
            "department_memberships": selectors.user_department_memberships(user=request.user),
        },
    )


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, initial={"full_name": request.user.full_name})
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            services.user_update_profile,
            form=form,
            user=request.user,
            full_name=form.cleaned_data["full_name"],
        )
    ):
        messages.success(request, _("Changes saved."))
        return redirect("partners:account_profile")
    return render(request, "partners/account/profile.html", {"form": form})


@login_required
def structure_create(request: AuthenticatedRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, actor=True)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            services.structure_create_by_actor,
            request=request,
            user=request.user,
            **form.service_fields(),
        )
        if not outcome:
            return redirect("partners:account_home")
        messages.success(
            request,
            _(
                "%(name)s is registered. The %(council)s will check it before it appears in "
                "the public directory; you will get an e-mail."
            )
            % {"name": outcome.value, "council": form.cleaned_data["department"].council},
        )
        return redirect("partners:account_home")
    return render(request, "partners/account/structure_form.html", {"form": form})


@login_required
def structure_update(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The manager's edit of their structure. Once it is public, the changes of its
    identity wait for the department's review: the form opens on the values proposed,
    and the page shows them next to the public ones."""
    structure = found_or_404(selectors.structure_manager_get(user=request.user, slug=slug))
    reviewed = structure.is_public
    latest = selectors_revisions.structure_revision_latest(organisation=structure)
    pending = latest if latest is not None and latest.is_pending else None
    form = OrganisationForm(
        request.POST or None,
        instance=structure,
        actor=True,
        initial=pending.proposed if pending else None,
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            services.structure_update_by_actor,
            form=form,
            expected_version=form.cleaned_data["version"] or 0,
            author=request.user,
            organisation=structure,
            **form.service_fields(),
        )
        if saved:
            return _structure_saved(request, saved.value)
    return render(
        request,
        "partners/account/structure_form.html",
        {
            "form": form,
            "structure": structure,
            "reviewed": reviewed,
            "pending": pending,
            "changes": selectors_revisions.revision_changes(revision=pending) if pending else [],
            "refused": latest if latest and latest.status == RevisionStatus.REFUSED else None,
        },
    )


def _structure_saved(request: AuthenticatedRequest, structure: Organisation) -> HttpResponse:
    """After a manager's edit: back to their account, or to the structure's form while its
    changes await the department's review."""
    if selectors_revisions.structure_revision_pending(organisation=structure) is None:
        messages.success(request, _("Changes saved."))
        return redirect("partners:account_home")
    messages.success(
        request,
        _(
            "Your changes are sent to the %(council)s: the public record shows them once "
            "the department has accepted them. You will get an e-mail."
        )
        % {"council": structure.department.council if structure.department else ""},
    )
    return redirect("partners:account_structure_update", slug=structure.slug)


@login_required
def structure_claim_search(request: AuthenticatedRequest) -> HttpResponse:
    """Find an existing structure before asking to manage it."""
    structure_filter = StructureDirectoryFilter(
        request.GET, queryset=selectors.structure_claimable_list()
    )
    searched = bool(request.GET.get("q"))
    return render(
        request,
        "partners/account/claim_search.html",
        {
            "filter": structure_filter,
            "searched": searched,
            "page": paginate(request, structure_filter.qs) if searched else None,
        },
    )


@login_required
def structure_claim(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    structure = found_or_404(selectors.structure_claimable_list().filter(slug=slug).first())
    department = found_or_404(structure.department)
    form = ClaimForm(request.POST or None)
    if posted_form_run(
        request,
        form,
        services.structure_claim_create,
        user=request.user,
        organisation=structure,
    ):
        messages.success(
            request,
            _("Your request is sent to the %(council)s.") % {"council": department.council},
        )
        return redirect("partners:account_home")
    return render(
        request, "partners/account/claim_form.html", {"form": form, "structure": structure}
    )


def invitation_accept_page(
    request: HttpRequest,
    *,
    invitation: Invitation,
    kind: InvitationKind,
    accept: Callable[..., Any],
    on_accepted: Callable[[], HttpResponse],
    title: str,
    details_template: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The acceptance page of any kind of invitation: what it opens (``details_template``),
    why it cannot be accepted, and the button (or the way to log in first). Anonymous
    visitors are asked to log in or sign up with the invited address first."""
    posted = request.method == "POST" and request.user.is_authenticated
    form = Form(request.POST if posted else None)
    if (
        posted
        and form.is_valid()
        and run_service(accept, form=form, invitation=invitation, user=request.user)
    ):
        return on_accepted()
    return render(
        request,
        "partners/account/invitation_accept.html",
        {
            **(context or {}),
            "invitation": invitation,
            "title": title,
            "details_template": details_template,
            "form": form,
            "error": " ".join(str(error) for error in form.non_field_errors()) or None,
            "expired": invitation_is_expired(invitation=invitation),
            "expired_message": kind.expired_message,
        },
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = found_or_404(selectors.invitation_get_pending(token=token))

    def welcome() -> HttpResponse:
        messages.success(
            request,
            _("Welcome to the team of the %(council)s.")
            % {"council": invitation.department.council},
        )
        return redirect("portal:staff_dashboard", code=invitation.department.code)

    return invitation_accept_page(
        request,
        invitation=invitation,
        kind=services.DEPARTMENT_INVITATION,
        accept=services.department_invitation_accept,
        on_accepted=welcome,
        title=_("Invitation"),
        details_template="partners/account/invitation_department.html",
    )
