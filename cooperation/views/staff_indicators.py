"""The indicators tab of a project in the staff workspace: indicators, their measurements
and the review of those. /espace/<code>/projets/<slug>/indicateurs/…, …/mesures/…

Reading needs VIEW_PROJECTS, any change MANAGE_PROJECTS (a viewer who posts gets a 404).
Sub-objects are always looked up from the project of the URL.
"""

from functools import partial

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.uploads import private_file_response
from common.views import found_or_404, run_service
from cooperation import selectors, services
from cooperation.forms import IndicatorForm, MeasurementForm, MeasurementReturnForm
from cooperation.models import CooperationProject, Indicator, Measurement, MeasurementStatus
from cooperation.views.common import (
    can_manage_projects,
    measurement_reported,
    staff_project_or_404,
    staff_project_to_post,
    staff_tab_redirect,
    versioned_edit_page,
)
from partners.permissions import MANAGE_PROJECTS, VIEW_PROJECTS, StaffRequest, staff_view

TAB = "cooperation:staff_project_indicators"


def _indicator_url(request: StaffRequest, slug: str, pk: int) -> str:
    return reverse(
        "cooperation:staff_indicator_detail",
        kwargs={"code": request.department.code, "slug": slug, "pk": pk},
    )


@staff_view(VIEW_PROJECTS, section="projects")
def indicators(request: StaffRequest, slug: str) -> HttpResponse:
    """Every indicator with its progress and chart; the form to add one."""
    project = staff_project_to_post(request, slug)
    form = None
    if request.method == "POST":
        form = IndicatorForm(request.POST, project=project)
        if form.is_valid():
            outcome = run_service(
                services.indicator_create, form=form, project=project, **form.service_fields()
            )
            if outcome:
                indicator = outcome.value
                messages.success(
                    request, _("The indicator “%(title)s” is added.") % {"title": indicator}
                )
                return staff_tab_redirect(request, TAB, project, f"indicator-{indicator.pk}")
    elif can_manage_projects(request):
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
    request: StaffRequest,
    project: CooperationProject,
    indicator: Indicator,
    *,
    measurement_form: MeasurementForm | None = None,
    return_form: MeasurementReturnForm | None = None,
    return_for: int | None = None,
) -> HttpResponse:
    measurements = selectors.indicator_measurements(indicator=indicator)
    can_manage = can_manage_projects(request)
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
def indicator_detail(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    """An indicator, its chart, all its measurements (to review), and the officer's own
    recording of a value ("Save as draft" or "Submit")."""
    project = staff_project_to_post(request, slug)
    indicator = found_or_404(selectors.project_indicator_get(project=project, pk=pk))
    form = None
    if request.method == "POST":
        form = MeasurementForm(request.POST, request.FILES, indicator=indicator)
        if form.is_valid() and measurement_reported(
            request,
            form=form,
            indicator=indicator,
            submitted=_("The measurement is submitted for review."),
            drafted=_("The measurement is saved as a draft."),
        ):
            return redirect(_indicator_url(request, slug, indicator.pk))
    return _render_indicator(request, project, indicator, measurement_form=form)


@staff_view(MANAGE_PROJECTS, section="projects")
def indicator_update(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    indicator = found_or_404(selectors.project_indicator_get(project=project, pk=pk))
    form = IndicatorForm(request.POST or None, instance=indicator, project=project)
    return versioned_edit_page(
        request,
        project=project,
        form=form,
        update=partial(services.indicator_update, indicator=indicator),
        template_tab="indicators",
        title=_("Edit the indicator “%(title)s”") % {"title": indicator.title},
        back=_indicator_url(request, slug, indicator.pk),
    )


def _back_to_indicator(request: StaffRequest, slug: str, measurement: Measurement) -> HttpResponse:
    url = _indicator_url(request, slug, measurement.indicator_id)
    return redirect(f"{url}#measurement-{measurement.pk}")


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def measurement_approve(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    measurement = found_or_404(selectors.project_measurement_get(project=project, pk=pk))
    if run_service(
        services.measurement_approve, request=request, measurement=measurement, officer=request.user
    ):
        messages.success(request, _("The measurement is approved: it now counts in the progress."))
    return _back_to_indicator(request, slug, measurement)


@staff_view(MANAGE_PROJECTS, section="projects")
@require_POST
def measurement_return(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    measurement = found_or_404(selectors.project_measurement_get(project=project, pk=pk))
    form = MeasurementReturnForm(request.POST, auto_id=f"return-{measurement.pk}-%s")
    if form.is_valid():
        if run_service(
            services.measurement_return,
            request=request,
            measurement=measurement,
            officer=request.user,
            note=form.cleaned_data["note"],
        ):
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
def measurement_evidence(request: StaffRequest, slug: str, pk: int) -> FileResponse:
    project = staff_project_or_404(request, slug)
    measurement = found_or_404(selectors.project_measurement_get(project=project, pk=pk))
    return private_file_response(measurement.evidence, request=request)
