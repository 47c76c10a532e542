"""The winners' final report, written by the applicant once their application is
accepted: /compte/candidatures/<pk>/compte-rendu/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from calls import selectors, services
from calls.forms import FinalReportForm
from calls.models import ApplicationState
from calls.views.lookups import financial_report_response, own_application
from common.views import run_service
from partners.permissions import AuthenticatedRequest


@login_required
def final_report(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The final report of an accepted application: saved as it is ("save"), or submitted
    once complete ("submit"); read-only once submitted."""
    application = own_application(request, pk)
    if application.state not in (ApplicationState.ACCEPTED, ApplicationState.CLOSED):
        messages.info(request, _("The final report is written once the application is accepted."))
        return redirect("calls:applicant_application_detail", pk=application.pk)
    report = selectors.application_final_report(application=application)
    editable = application.state == ApplicationState.ACCEPTED and (
        report is None or report.submitted_at is None
    )
    initial = {}
    if report is not None:
        initial = {
            "narrative": report.narrative,
            "presentation_date": report.presentation_date,
            "presentation_place": report.presentation_place,
            "presentation_audience": report.presentation_audience,
        }
    form = FinalReportForm(request.POST or None, request.FILES or None, initial=initial)
    problems: list[str] = []
    if request.method == "POST" and editable and form.is_valid():
        submit = "submit" in request.POST
        saved = run_service(
            services.final_report_save,
            form=form,
            application=application,
            actor=request.user,
            **form.cleaned_data,
        )
        done = bool(saved)
        if submit and saved.value is not None:
            # What is missing is listed above the form; the service checks it again.
            problems = services.final_report_problems(report=saved.value)
            done = not problems and bool(
                run_service(
                    services.final_report_submit,
                    request=request,
                    application=application,
                    actor=request.user,
                )
            )
        if done:
            messages.success(
                request,
                _("Your final report is submitted: thank you.")
                if submit
                else _("Your report is saved; submit it once complete."),
            )
            return redirect("calls:applicant_final_report", pk=application.pk)
    return render(
        request,
        "calls/applicant/final_report.html",
        {
            "application": application,
            "report": selectors.application_final_report(application=application),
            "form": form,
            "editable": editable,
            "problems": problems,
        },
    )


@login_required
def final_report_file(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """The financial report the applicant uploaded."""
    return financial_report_response(own_application(request, pk), request=request)
