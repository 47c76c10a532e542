"""The indicators tab of a project in the staff workspace: indicators, their measurements
and the review of those. /espace/<code>/projets/<slug>/indicateurs/…, …/mesures/…

Reading needs VIEW_PROJECTS, any change MANAGE_PROJECTS (a viewer who posts gets a 404).
Sub-objects are always looked up from the project of the URL.
"""

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
    staff_project_or_404,
    staff_tab_url,
    versioned_edit_page,
)
from partners.permissions import (
    MANAGE_PROJECTS,
    VIEW_PROJECTS,
    StaffRequest,
    require_capability,
    staff_view,
)


@staff_view(VIEW_PROJECTS, section="projects")
def indicators(request: StaffRequest, slug: str) -> HttpResponse:
    """Every indicator with its progress and chart; the form to add one."""
    project = staff_project_or_404(request, slug)
    form = None
    if request.method == "POST":
        require_capability(request, MANAGE_PROJECTS)
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
                return redirect(
                    staff_tab_url(
                        "cooperation:staff_project_indicators",
                        project,
                        request.department.code,
                        f"indicator-{indicator.pk}",
                    )
                )
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
    project = staff_project_or_404(request, slug)
    indicator = found_or_404(selectors.project_indicator_get(project=project, pk=pk))
    form = None
    if request.method == "POST":
        require_capability(request, MANAGE_PROJECTS)
        form = MeasurementForm(request.POST, request.FILES, indicator=indicator)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            if run_service(
                services.measurement_create,
                form=form,
                indicator=indicator,
                reporter=request.user,
                submit=submit,
                **form.cleaned_data,
            ):
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


@staff_view(MANAGE_PROJECTS, section="projects")
def indicator_update(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    project = staff_project_or_404(request, slug)
    indicator = found_or_404(selectors.project_indicator_get(project=project, pk=pk))
    form = IndicatorForm(request.POST or None, instance=indicator, project=project)
    back = reverse(
        "cooperation:staff_indicator_detail",
        kwargs={"code": request.department.code, "slug": project.slug, "pk": indicator.pk},
    )
    return versioned_edit_page(
        request,
        project=project,
        form=form,
        save=lambda: services.indicator_update(
            indicator=indicator,
            expected_version=form.cleaned_data["version"] or 0,
            **form.service_fields(),
        ),
        template_tab="indicators",
        title=_("Edit the indicator “%(title)s”") % {"title": indicator.title},
        back=back,
    )


def _back_to_indicator(request: StaffRequest, slug: str, measurement: Measurement) -> HttpResponse:
    url = reverse(
        "cooperation:staff_indicator_detail",
        kwargs={"code": request.department.code, "slug": slug, "pk": measurement.indicator_id},
    )
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
    return private_file_response(measurement.evidence)
