"""Pages of the people of partner organisations invited on one project: /compte/projets/…

They see the project they were invited to, and nothing else of the department: every
page starts from their role on that project (`contributor_or_404`), so anyone without
a role there, the department's own officers included, gets a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.pagination import paginate
from common.uploads import private_file_response
from common.views import found_or_404, run_service
from cooperation import selectors, services
from cooperation.forms import DiagnosticCommentForm, DiagnosticContributionForm, MeasurementForm
from cooperation.models import MeasurementStatus, ProjectContributor
from cooperation.views.common import (
    contribution_added,
    contributor_or_404,
    measurement_reported,
    wants_submission,
)
from partners.permissions import AuthenticatedRequest
from partners.views.account import invitation_accept_page

CORRECTABLE = (MeasurementStatus.DRAFT, MeasurementStatus.RETURNED)


@login_required
def project_list(request: AuthenticatedRequest) -> HttpResponse:
    roles = selectors.user_contributor_roles(user=request.user)
    return render(
        request, "cooperation/contributor/project_list.html", {"page": paginate(request, roles)}
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The shared acceptance page of partners, with what the project invitation opens."""
    invitation = found_or_404(selectors.project_invitation_get_pending(token=token))
    project = invitation.project

    def welcome() -> HttpResponse:
        messages.success(
            request, _("Welcome to the project “%(title)s”.") % {"title": project.title}
        )
        return redirect("cooperation:contributor_project_detail", slug=project.slug)

    return invitation_accept_page(
        request,
        invitation=invitation,
        kind=services.PROJECT_INVITATION,
        accept=services.project_invitation_accept,
        on_accepted=welcome,
        title=_("Invitation to a project"),
        details_template="cooperation/contributor/invitation_details.html",
        context={"project": project},
    )


@login_required
def project_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    contributor = contributor_or_404(request, slug)
    project = contributor.project
    indicators = selectors.project_indicators(project=project)
    own_measurements = [
        measurement
        for progress in indicators
        for measurement in progress.indicator.measurements.all()
        if measurement.reporter_id == request.user.pk
    ]
    own_measurements.sort(key=lambda m: (m.indicator.position, m.period_end, m.pk))
    return render(
        request,
        "cooperation/contributor/project_detail.html",
        {
            "contributor": contributor,
            "project": project,
            "can_write": selectors.contributor_can_write(contributor),
            "partners": selectors.project_partner_list(project=project),
            "territories": project.territories.all(),
            "diagnostic": project.diagnostics.order_by("-number").first(),
            "indicators": indicators,
            "own_measurements": own_measurements,
        },
    )


def _render_diagnostic(
    request: AuthenticatedRequest,
    contributor: ProjectContributor,
    *,
    form: DiagnosticContributionForm | None = None,
    comment_form: DiagnosticCommentForm | None = None,
    comment_on: int | None = None,
) -> HttpResponse:
    project = contributor.project
    can_write = selectors.contributor_can_write(contributor)
    diagnostic = selectors.project_diagnostic(project=project)
    if can_write and form is None:
        form = DiagnosticContributionForm(
            project=project,
            contributor=contributor,
            initial={"organisation": contributor.organisation_id},
        )
    if form is not None:
        # The page is also shown at the address of a comment that failed.
        form.helper.form_action = reverse(
            "cooperation:contributor_diagnostic", kwargs={"slug": project.slug}
        )
    return render(
        request,
        "cooperation/contributor/diagnostic.html",
        {
            "contributor": contributor,
            "project": project,
            "can_write": can_write and diagnostic.is_open,
            "view": diagnostic,
            "form": form,
            "comment_form": comment_form,
            "comment_on": comment_on,
        },
    )


@login_required
def diagnostic(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The current version of the shared diagnostic; contributors add to it."""
    contributor = contributor_or_404(request, slug, write=request.method == "POST")
    if request.method != "POST":
        return _render_diagnostic(request, contributor)
    project = contributor.project
    form = DiagnosticContributionForm(request.POST, project=project, contributor=contributor)
    if form.is_valid():
        contribution = contribution_added(
            request, form=form, project=project, contributor=contributor
        )
        if contribution is not None:
            url = reverse("cooperation:contributor_diagnostic", kwargs={"slug": project.slug})
            return redirect(f"{url}#contribution-{contribution.pk}")
    return _render_diagnostic(request, contributor, form=form)


@login_required
@require_POST
def diagnostic_comment(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """A comment on a contribution of the version being written."""
    contributor = contributor_or_404(request, slug, write=True)
    project = contributor.project
    current = selectors.project_diagnostic(project=project)
    contribution = found_or_404(
        next((c for _value, _label, items in current.sections for c in items if c.pk == pk), None)
    )
    form = DiagnosticCommentForm(request.POST)
    if form.is_valid() and run_service(
        services.diagnostic_comment_add,
        form=form,
        contribution=contribution,
        author=request.user,
        text=form.cleaned_data["text"],
    ):
        messages.success(request, _("Your comment is added."))
        url = reverse("cooperation:contributor_diagnostic", kwargs={"slug": project.slug})
        return redirect(f"{url}#contribution-{contribution.pk}")
    return _render_diagnostic(request, contributor, comment_form=form, comment_on=contribution.pk)


@login_required
def indicator(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """An indicator's definition and approved values; contributors report a value."""
    contributor = contributor_or_404(request, slug, write=request.method == "POST")
    project = contributor.project
    item = found_or_404(selectors.project_indicator_get(project=project, pk=pk))
    can_write = selectors.contributor_can_write(contributor)
    form = None
    if can_write:
        form = MeasurementForm(request.POST or None, request.FILES or None, indicator=item)
    # A post comes only from a contributor, who can write (`contributor_or_404`).
    if (
        form is not None
        and request.method == "POST"
        and form.is_valid()
        and measurement_reported(
            request,
            form=form,
            indicator=item,
            submitted=_("Your value is submitted for review."),
            drafted=_("Your value is saved as a draft: submit it when it is ready."),
        )
    ):
        return redirect("cooperation:contributor_indicator", slug=project.slug, pk=item.pk)
    approved = list(item.measurements.filter(status=MeasurementStatus.APPROVED))
    return render(
        request,
        "cooperation/contributor/indicator.html",
        {
            "contributor": contributor,
            "project": project,
            "indicator": item,
            "progress": selectors.indicator_progress(item, approved),
            "own_measurements": item.measurements.filter(reporter=request.user).order_by(
                "period_end", "pk"
            ),
            "form": form,
        },
    )


@login_required
def measurement_update(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """The reporter corrects their own draft or returned value, and may submit it."""
    contributor = contributor_or_404(request, slug, write=True)
    project = contributor.project
    measurement = found_or_404(selectors.project_measurement_get(project=project, pk=pk))
    if measurement.reporter_id != request.user.pk or measurement.status not in CORRECTABLE:
        raise Http404
    item = measurement.indicator
    form = MeasurementForm(
        request.POST or None,
        request.FILES or None,
        indicator=item,
        initial={
            "value": measurement.value,
            "text_value": measurement.text_value,
            "comment": measurement.comment,
        },
    )
    # The period is set when the value is first reported; a new file replaces the evidence.
    for name in ("period_start", "period_end"):
        del form.fields[name]
    if request.method == "POST" and form.is_valid():
        submit = wants_submission(request)
        if run_service(
            services.measurement_correct,
            form=form,
            measurement=measurement,
            value=form.cleaned_data.get("value"),
            text_value=form.cleaned_data.get("text_value", ""),
            comment=form.cleaned_data["comment"],
            submit=submit,
            evidence=form.cleaned_data.get("evidence"),
        ):
            messages.success(
                request,
                _("Your value is submitted for review.") if submit else _("Changes saved."),
            )
            return redirect("cooperation:contributor_indicator", slug=project.slug, pk=item.pk)
    return render(
        request,
        "cooperation/contributor/measurement_form.html",
        {
            "contributor": contributor,
            "project": project,
            "indicator": item,
            "measurement": measurement,
            "form": form,
        },
    )


@login_required
def measurement_evidence(request: AuthenticatedRequest, slug: str, pk: int) -> FileResponse:
    """The evidence file of a value, for the person who reported it."""
    contributor = contributor_or_404(request, slug)
    measurement = found_or_404(
        selectors.project_measurement_get(project=contributor.project, pk=pk)
    )
    if measurement.reporter_id != request.user.pk:
        raise Http404
    return private_file_response(measurement.evidence, request=request)
