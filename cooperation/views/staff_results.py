"""Co-construction and results of a project in the staff workspace: the shared diagnostic,
the objectives and action plan, the indicators and their measurements, the delegations and
exchanges. /espace/<code>/projets/<slug>/…

Reading needs VIEW_PROJECTS, any change MANAGE_PROJECTS (a viewer who posts gets a 404).
Sub-objects are always looked up from the project of the URL: the object of another
project, or of another department, is not found.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.uploads import private_file_response
from common.views import concurrent_update_message
from cooperation import selectors, services
from cooperation.forms import (
    ActivityForm,
    DelegationForm,
    DiagnosticCommentForm,
    DiagnosticContributionForm,
    ExchangeForm,
    FollowUpActionForm,
    IndicatorForm,
    MeasurementForm,
    MeasurementReturnForm,
    MilestoneForm,
    ObjectiveForm,
)
from cooperation.models import ActivityStatus, CooperationProject, MeasurementStatus
from cooperation.views.common import staff_project_or_404
from partners.permissions import MANAGE_PROJECTS, VIEW_PROJECTS, staff_view


def _can_manage(request: HttpRequest) -> bool:
    return MANAGE_PROJECTS in request.capabilities


def _require_manage(request: HttpRequest) -> None:
    """A page anyone of the team may read: only those who manage projects may post to it."""
    if not _can_manage(request):
        raise Http404


def _found(item):
    if item is None:
        raise Http404
    return item


def _add_service_error(form: Form, error: ValidationError) -> None:
    """A service's refusal shown on the form: next to its field when it names one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _refusal(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _tab_url(name: str, project: CooperationProject, code: str, anchor: str = "") -> str:
    url = reverse(name, kwargs={"code": code, "slug": project.slug})
    return f"{url}#{anchor}" if anchor else url


# Shared diagnostic


def _version_number(request: HttpRequest) -> int | None:
    value = request.GET.get("version")
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


def _render_diagnostic(
    request: HttpRequest,
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
    can_manage = _can_manage(request)
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
def diagnostic(request: HttpRequest, slug: str) -> HttpResponse:
    """The diagnostic by section (the latest version, or ?version=N); partners' contributions
    are added here while the version is open."""
    project = staff_project_or_404(request, slug)
    number = _version_number(request)
    form = None
    if request.method == "POST":
        _require_manage(request)
        form = DiagnosticContributionForm(request.POST, project=project)
        if form.is_valid():
            try:
                contribution = services.diagnostic_contribution_add(
                    project=project, author=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _add_service_error(form, error)
            else:
                messages.success(request, _("Your contribution is added to the diagnostic."))
                return redirect(
                    _tab_url(
                        "cooperation:staff_project_diagnostic",
                        project,
                        request.department.code,
                        f"contribution-{contribution.pk}",
                    )
                )
    return _render_diagnostic(request, project, number=number, contribution_form=form)


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def diagnostic_comment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    contribution = _found(selectors.project_contribution_get(project=project, pk=pk))
    form = DiagnosticCommentForm(request.POST)
    if form.is_valid():
        try:
            services.diagnostic_comment_add(
                contribution=contribution, author=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            _refusal(request, error)
        else:
            messages.success(request, _("Your comment is added."))
        url = reverse(
            "cooperation:staff_project_diagnostic",
            kwargs={"code": request.department.code, "slug": slug},
        )
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
def diagnostic_validate(request: HttpRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    open_version = project.diagnostics.filter(validated_at__isnull=True).first()
    if open_version is None:
        messages.error(request, _("No version of the diagnostic is open."))
    else:
        try:
            services.diagnostic_validate(diagnostic=open_version, officer=request.user)
        except ValidationError as error:
            _refusal(request, error)
        else:
            messages.success(
                request,
                _("Version %(number)s of the diagnostic is validated: it is now read-only.")
                % {"number": open_version.number},
            )
    return redirect("cooperation:staff_project_diagnostic", code=request.department.code, slug=slug)


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def diagnostic_new_version(request: HttpRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    try:
        new_version = services.diagnostic_open_new_version(project=project)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(
            request,
            _("Version %(number)s of the diagnostic is open, starting from the previous one.")
            % {"number": new_version.number},
        )
    return redirect("cooperation:staff_project_diagnostic", code=request.department.code, slug=slug)


# Objectives and action plan


def _render_objectives(
    request: HttpRequest,
    project: CooperationProject,
    *,
    objective_form: ObjectiveForm | None = None,
    activity_form: ActivityForm | None = None,
    milestone_form: MilestoneForm | None = None,
    milestone_for: int | None = None,
) -> HttpResponse:
    objectives = list(selectors.project_objectives(project=project))
    activities = list(selectors.project_activities(project=project))
    by_objective: dict[int | None, list] = {}
    for activity in activities:
        by_objective.setdefault(activity.objective_id, []).append(activity)
    plan = [(objective, by_objective.get(objective.pk, [])) for objective in objectives]
    if by_objective.get(None):
        plan.append((None, by_objective[None]))
    can_manage = _can_manage(request)
    if can_manage:
        if objective_form is None:
            objective_form = ObjectiveForm(auto_id="objective-%s")
        if activity_form is None:
            activity_form = ActivityForm(project=project, auto_id="activity-%s")
    has_errors = any(form is not None and form.errors for form in (objective_form, activity_form))
    return render(
        request,
        "cooperation/staff/objectives.html",
        {
            "project": project,
            "tab": "objectives",
            "objectives": objectives,
            "plan": plan,
            "has_activities": bool(activities),
            "status_choices": ActivityStatus.choices,
            "today": timezone.localdate(),
            "can_manage": can_manage,
            "objective_form": objective_form if can_manage else None,
            "activity_form": activity_form if can_manage else None,
            "milestone_form": milestone_form,
            "milestone_for": milestone_for,
            "has_errors": has_errors or milestone_form is not None,
        },
    )


@staff_view(VIEW_PROJECTS, section="projects")
def objectives(request: HttpRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    return _render_objectives(request, project)


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def objective_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    form = ObjectiveForm(request.POST, auto_id="objective-%s")
    if form.is_valid():
        try:
            objective = services.objective_create(project=project, **form.service_fields())
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(
                request, _("The objective “%(title)s” is added.") % {"title": objective}
            )
            return redirect(
                _tab_url(
                    "cooperation:staff_project_objectives",
                    project,
                    request.department.code,
                    f"objective-{objective.pk}",
                )
            )
    return _render_objectives(request, project, objective_form=form)


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def activity_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    form = ActivityForm(request.POST, project=project, auto_id="activity-%s")
    if form.is_valid():
        try:
            activity = services.activity_create(project=project, **form.cleaned_data)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The activity “%(title)s” is added.") % {"title": activity})
            return redirect(
                _tab_url(
                    "cooperation:staff_project_objectives",
                    project,
                    request.department.code,
                    f"activity-{activity.pk}",
                )
            )
    return _render_objectives(request, project, activity_form=form)


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def activity_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    activity = _found(project.activities.filter(pk=pk).first())
    try:
        services.activity_set_status(activity=activity, status=request.POST.get("status", ""))
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(
            request,
            _("“%(title)s” is now %(status)s.")
            % {"title": activity, "status": activity.get_status_display()},
        )
    return redirect(
        _tab_url(
            "cooperation:staff_project_objectives",
            project,
            request.department.code,
            f"activity-{activity.pk}",
        )
    )


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def milestone_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    activity = _found(project.activities.filter(pk=pk).first())
    form = MilestoneForm(request.POST)
    if form.is_valid():
        services.milestone_create(activity=activity, **form.cleaned_data)
        messages.success(request, _("Milestone added to “%(title)s”.") % {"title": activity.title})
        return redirect(
            _tab_url(
                "cooperation:staff_project_objectives",
                project,
                request.department.code,
                f"activity-{activity.pk}",
            )
        )
    return _render_objectives(request, project, milestone_form=form, milestone_for=activity.pk)


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def milestone_reached(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    milestone = _found(selectors.project_milestone_get(project=project, pk=pk))
    services.milestone_mark_reached(milestone=milestone)
    messages.success(request, _("Milestone “%(title)s” reached.") % {"title": milestone.title})
    return redirect(
        _tab_url(
            "cooperation:staff_project_objectives",
            project,
            request.department.code,
            f"activity-{milestone.activity_id}",
        )
    )


# Indicators and measurements


@staff_view(VIEW_PROJECTS, section="projects")
def indicators(request: HttpRequest, slug: str) -> HttpResponse:
    """Every indicator with its progress and chart; the form to add one."""
    project = staff_project_or_404(request, slug)
    form = None
    if request.method == "POST":
        _require_manage(request)
        form = IndicatorForm(request.POST, project=project)
        if form.is_valid():
            try:
                indicator = services.indicator_create(project=project, **form.service_fields())
            except ValidationError as error:
                _add_service_error(form, error)
            else:
                messages.success(
                    request, _("The indicator “%(title)s” is added.") % {"title": indicator}
                )
                return redirect(
                    _tab_url(
                        "cooperation:staff_project_indicators",
                        project,
                        request.department.code,
                        f"indicator-{indicator.pk}",
                    )
                )
    elif _can_manage(request):
        form = IndicatorForm(project=project)
    rows = [
        (
            progress,
            sum(
                1
                for measurement in progress.indicator.measurements.all()
                if measurement.status == MeasurementStatus.SUBMITTED
            ),
        )
        for progress in selectors.project_indicators(project=project)
    ]
    return render(
        request,
        "cooperation/staff/indicators.html",
        {"project": project, "tab": "indicators", "rows": rows, "form": form},
    )


def _render_indicator(
    request: HttpRequest,
    project: CooperationProject,
    indicator,
    *,
    measurement_form: MeasurementForm | None = None,
    return_form: MeasurementReturnForm | None = None,
    return_for: int | None = None,
) -> HttpResponse:
    measurements = selectors.indicator_measurements(indicator=indicator)
    can_manage = _can_manage(request)
    if can_manage and measurement_form is None:
        measurement_form = MeasurementForm(indicator=indicator)
    return render(
        request,
        "cooperation/staff/indicator_detail.html",
        {
            "project": project,
            "tab": "indicators",
            "indicator": indicator,
            "measurements": measurements,
            "progress": selectors.indicator_progress(indicator, measurements),
            "can_manage": can_manage,
            "measurement_form": measurement_form if can_manage else None,
            "return_form": return_form,
            "return_for": return_for,
        },
    )


@staff_view(VIEW_PROJECTS, section="projects")
def indicator_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An indicator, its chart, all its measurements (to review), and the officer's own
    recording of a value ("Save as draft" or "Submit")."""
    project = staff_project_or_404(request, slug)
    indicator = _found(selectors.project_indicator_get(project=project, pk=pk))
    form = None
    if request.method == "POST":
        _require_manage(request)
        form = MeasurementForm(request.POST, request.FILES, indicator=indicator)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                services.measurement_create(
                    indicator=indicator, reporter=request.user, submit=submit, **form.cleaned_data
                )
            except ValidationError as error:
                _add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("The measurement is submitted for review.")
                    if submit
                    else _("The measurement is saved as a draft."),
                )
                return redirect(
                    "cooperation:staff_indicator_detail",
                    code=request.department.code,
                    slug=slug,
                    pk=indicator.pk,
                )
    return _render_indicator(request, project, indicator, measurement_form=form)


def _back_to_indicator(request: HttpRequest, slug: str, measurement) -> HttpResponse:
    url = reverse(
        "cooperation:staff_indicator_detail",
        kwargs={"code": request.department.code, "slug": slug, "pk": measurement.indicator_id},
    )
    return redirect(f"{url}#measurement-{measurement.pk}")


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def measurement_approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    measurement = _found(selectors.project_measurement_get(project=project, pk=pk))
    try:
        services.measurement_approve(measurement=measurement, officer=request.user)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("The measurement is approved: it now counts in the progress."))
    return _back_to_indicator(request, slug, measurement)


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def measurement_return(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    measurement = _found(selectors.project_measurement_get(project=project, pk=pk))
    form = MeasurementReturnForm(request.POST, auto_id=f"return-{measurement.pk}-%s")
    if form.is_valid():
        try:
            services.measurement_return(
                measurement=measurement, officer=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            _refusal(request, error)
        else:
            messages.success(
                request,
                _("The measurement is returned to %(person)s with your note.")
                % {"person": measurement.reporter},
            )
        return _back_to_indicator(request, slug, measurement)
    return _render_indicator(
        request, project, measurement.indicator, return_form=form, return_for=measurement.pk
    )


@staff_view(VIEW_PROJECTS, section="projects")
def measurement_evidence(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    measurement = _found(selectors.project_measurement_get(project=project, pk=pk))
    return private_file_response(measurement.evidence)


# Delegations and exchanges


def _render_exchanges(
    request: HttpRequest,
    project: CooperationProject,
    *,
    action_form: FollowUpActionForm | None = None,
    action_for: int | None = None,
) -> HttpResponse:
    can_manage = _can_manage(request)
    owners = []
    if can_manage:
        # One list of owners for the add-action form of every exchange (one query).
        owners = list(FollowUpActionForm(project=project).fields["owner"].queryset)
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
def exchanges(request: HttpRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    return _render_exchanges(request, project)


@staff_view(MANAGE_PROJECTS, section="projects")
def delegation_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    form = DelegationForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            delegation = services.delegation_create(
                department=request.department, project=project, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The delegation from %(origin)s is recorded.") % {"origin": delegation.origin},
            )
            return redirect(
                _tab_url(
                    "cooperation:staff_project_exchanges",
                    project,
                    request.department.code,
                    f"delegation-{delegation.pk}",
                )
            )
    return render(
        request,
        "cooperation/staff/delegation_form.html",
        {"project": project, "tab": "exchanges", "form": form},
    )


@staff_view(MANAGE_PROJECTS, section="projects")
def exchange_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    form = ExchangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exchange = services.exchange_create(project=project, **form.cleaned_data)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(
                request, _("The exchange “%(title)s” is recorded.") % {"title": exchange.title}
            )
            return redirect(
                _tab_url(
                    "cooperation:staff_project_exchanges",
                    project,
                    request.department.code,
                    f"exchange-{exchange.pk}",
                )
            )
    return render(
        request,
        "cooperation/staff/exchange_form.html",
        {"project": project, "tab": "exchanges", "form": form},
    )


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def action_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    exchange = _found(project.exchanges.filter(pk=pk).first())
    data = request.POST.copy()
    if not data.get("owner"):
        # Whoever records the action owns it unless they name someone else.
        data["owner"] = str(request.user.pk)
    form = FollowUpActionForm(data, project=project)
    if form.is_valid():
        services.follow_up_action_create(exchange=exchange, **form.cleaned_data)
        messages.success(
            request,
            _("Follow-up action added to “%(title)s”.") % {"title": exchange.title},
        )
        return redirect(
            _tab_url(
                "cooperation:staff_project_exchanges",
                project,
                request.department.code,
                f"exchange-{exchange.pk}",
            )
        )
    return _render_exchanges(request, project, action_form=form, action_for=exchange.pk)


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def action_done(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    action = _found(selectors.project_action_get(project=project, pk=pk))
    services.follow_up_action_mark_done(action=action)
    messages.success(request, _("“%(action)s” is done.") % {"action": action.description})
    return redirect(
        _tab_url(
            "cooperation:staff_project_exchanges",
            project,
            request.department.code,
            f"exchange-{action.exchange_id}",
        )
    )


# Editing an objective or an indicator


def _versioned_edit(request, *, project, form, save, template_tab: str, title: str, back: str):
    """The edit page of a versioned sub-record: an edit of an older version is refused,
    naming who changed it; what was typed stays in the form."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except services.ConcurrentUpdateError as error:
            form.add_error(None, concurrent_update_message(error))
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(back)
    return render(
        request,
        "cooperation/staff/subrecord_form.html",
        {"project": project, "tab": template_tab, "form": form, "title": title, "back": back},
    )


@staff_view(MANAGE_PROJECTS, section="projects")
def objective_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    objective = _found(project.objectives.filter(pk=pk).first())
    form = ObjectiveForm(request.POST or None, instance=objective)
    back = _tab_url(
        "cooperation:staff_project_objectives",
        project,
        request.department.code,
        f"objective-{objective.pk}",
    )
    return _versioned_edit(
        request,
        project=project,
        form=form,
        save=lambda form: services.objective_update(
            objective=objective,
            expected_version=form.cleaned_data["version"] or 0,
            **form.service_fields(),
        ),
        template_tab="objectives",
        title=_("Edit the objective “%(title)s”") % {"title": objective.title},
        back=back,
    )


@staff_view(MANAGE_PROJECTS, section="projects")
def indicator_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    indicator = _found(selectors.project_indicator_get(project=project, pk=pk))
    form = IndicatorForm(request.POST or None, instance=indicator, project=project)
    back = reverse(
        "cooperation:staff_indicator_detail",
        kwargs={"code": request.department.code, "slug": project.slug, "pk": indicator.pk},
    )
    return _versioned_edit(
        request,
        project=project,
        form=form,
        save=lambda form: services.indicator_update(
            indicator=indicator,
            expected_version=form.cleaned_data["version"] or 0,
            **form.service_fields(),
        ),
        template_tab="indicators",
        title=_("Edit the indicator “%(title)s”") % {"title": indicator.title},
        back=back,
    )
