"""What the calls' views look up from their URL (a 404 when it is not theirs to see),
where they send back to, and the content of an application that several pages show."""

from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect

from calls import selectors
from calls.models import Application, BudgetSide, Call, CommitteeSession
from common.uploads import private_file_response
from common.views import found_or_404
from partners.permissions import AuthenticatedRequest, StaffRequest

# The staff's workspace


def staff_call(request: StaffRequest, slug: str) -> Call:
    """A call of the request's department."""
    return found_or_404(selectors.department_call_get(department=request.department, slug=slug))


def staff_application(call: Call, pk: int) -> Application:
    """An application of the call, submitted at least once (drafts are their applicant's)."""
    return found_or_404(selectors.call_application_get(call=call, pk=pk))


def committee_session(call: Call, pk: int) -> CommitteeSession:
    return found_or_404(selectors.committee_session_get(call=call, pk=pk))


def to_call(request: StaffRequest, name: str, call: Call) -> HttpResponse:
    """The page ``name`` (a tab) of the call."""
    return redirect(name, code=request.department.code, slug=call.slug)


def to_staff_application(request: StaffRequest, application: Application) -> HttpResponse:
    return redirect(
        "calls:staff_application_detail",
        code=request.department.code,
        slug=application.call.slug,
        pk=application.pk,
    )


def to_committee_session(request: StaffRequest, session: CommitteeSession) -> HttpResponse:
    return redirect(
        "calls:staff_committee_detail",
        code=request.department.code,
        slug=session.call.slug,
        pk=session.pk,
    )


# The public and the applicants


def public_call(slug: str) -> Call:
    """A call the public may read (never a draft)."""
    return found_or_404(selectors.public_call_get(slug=slug))


def own_application(request: AuthenticatedRequest, pk: int) -> Application:
    """An application of the signed-in person: anybody else's does not exist."""
    return found_or_404(selectors.applicant_application_get(user=request.user, pk=pk))


# Shown by several pages


def application_content(application: Application) -> dict[str, Any]:
    """What the application says (team, budget, documents), as its pages show it."""
    return {
        "members": selectors.application_members(application=application),
        "totals": selectors.application_budget_totals(application=application),
        "expenses": selectors.application_budget_lines(
            application=application, side=BudgetSide.EXPENSE
        ),
        "resources": selectors.application_budget_lines(
            application=application, side=BudgetSide.RESOURCE
        ),
        "documents": selectors.application_documents(application=application),
    }


def financial_report_response(application: Application, *, request: HttpRequest) -> FileResponse:
    """The financial report of the application's final report (404 without one)."""
    report = found_or_404(selectors.application_final_report(application=application))
    return private_file_response(report.financial_report, request=request)
