"""The applicant's pages: applying (/appels/<slug>/candidater/) and their applications
under /compte/candidatures/… An application of someone else does not exist (404)."""

import json
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from calls import selectors, services
from calls.forms import (
    BudgetForm,
    BudgetLineFormSet,
    CarrierForm,
    DeclarationForm,
    DocumentUploadForm,
    MessageForm,
    ProjectSectionForm,
    TeamMemberFormSet,
)
from calls.models import (
    Application,
    ApplicationState,
    BudgetSide,
)
from calls.views.lookups import (
    application_content,
    own_application,
    public_call,
)
from calls.workflow import APPLICANT, EDITABLE_STATES, transition_get, transitions_from
from common.pagination import paginate
from common.security import security_event
from common.versioning import ConcurrentUpdateError
from common.views import concurrent_update_message, found_or_404, run_service
from partners.permissions import AuthenticatedRequest

# The sections of the form, in order: (address part, title).
SECTIONS = [
    ("porteur", gettext_lazy("Carrier")),
    ("equipe", gettext_lazy("Team")),
    ("projet", gettext_lazy("Project")),
    ("budget", gettext_lazy("Budget")),
    ("pieces", gettext_lazy("Documents")),
    ("declaration", gettext_lazy("Declaration")),
]
SECTION_NAMES = [name for name, _title in SECTIONS]
MAX_EXTRA_ROWS = 10


def _to_section(application: Application, section: str, **query: Any) -> HttpResponse:
    url = reverse(
        "calls:applicant_application_edit", kwargs={"pk": application.pk, "section": section}
    )
    return redirect(url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""))


# Applying


@login_required
def apply(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Starts (or resumes) the visitor's application to an open call."""
    call = public_call(slug)
    draft = selectors.applicant_draft_for_call(user=request.user, call=call)
    if draft is not None:
        return _to_section(draft, SECTION_NAMES[0])
    if request.method == "POST":
        started = run_service(
            services.application_start, request=request, call=call, applicant=request.user
        )
        if started.value is None:
            return redirect("calls:call_detail", slug=call.slug)
        messages.success(
            request, _("Your draft is created: it is saved at each step until you submit it.")
        )
        return _to_section(started.value, SECTION_NAMES[0])
    return render(
        request,
        "calls/applicant/apply.html",
        {"call": call, "closes_at_label": selectors.datetime_label(call.closes_at)},
    )


# My applications


@login_required
def application_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "calls/applicant/application_list.html",
        {"page": paginate(request, selectors.applicant_application_list(user=request.user))},
    )


def _detail_context(application: Application, message_form: MessageForm) -> dict[str, Any]:
    applicant_transitions = transitions_from(application.state, by=APPLICANT)
    return {
        "application": application,
        **application_content(application),
        "timeline": selectors.application_timeline(application=application),
        "thread": selectors.application_thread(application=application, with_staff_notes=False),
        "message_form": message_form,
        "editable": application.state in EDITABLE_STATES,
        "can_withdraw": any(t.target == ApplicationState.WITHDRAWN for t in applicant_transitions),
        "can_delete": application.state == ApplicationState.DRAFT
        and application.submitted_at is None,
        "sections": SECTIONS,
        "closes_at_label": selectors.datetime_label(application.call.closes_at),
        **_decision_context(application),
    }


def _decision_context(application: Application) -> dict[str, Any]:
    """The decision (amount or motivation), the grant's instalments, the final report."""
    decided = application.state in (
        ApplicationState.ACCEPTED,
        ApplicationState.REJECTED,
        ApplicationState.CLOSED,
    )
    if not decided:
        return {"decided": False}
    grant = selectors.application_grant(application=application)
    motivation = ""
    if application.state == ApplicationState.REJECTED:
        event = application.events.filter(to_state=ApplicationState.REJECTED).last()
        motivation = event.reason if event else ""
    return {
        "decided": True,
        "motivation": motivation,
        "grant": grant,
        "instalments": list(grant.instalments.all()) if grant else [],
        "report": selectors.application_final_report(application=application),
    }


@login_required
def application_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = own_application(request, pk)
    return render(
        request,
        "calls/applicant/application_detail.html",
        _detail_context(application, MessageForm(auto_id="id_message_%s")),
    )


@login_required
@require_POST
def message_post(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = own_application(request, pk)
    form = MessageForm(request.POST, request.FILES, auto_id="id_message_%s")
    if form.is_valid() and run_service(
        services.message_post,
        form=form,
        application=application,
        author=request.user,
        body=form.cleaned_data["body"],
        attachment=form.cleaned_data["attachment"],
    ):
        messages.success(request, _("Your message is sent to the department."))
        return redirect("calls:applicant_application_detail", pk=application.pk)
    return render(
        request, "calls/applicant/application_detail.html", _detail_context(application, form)
    )


# Writing the application, section by section


def _save_section(request, application, form_class, **form_kwargs) -> dict | None:
    """Saves a section made of one form. A draft survives a failed validation: what is
    valid is saved all the same, and the form comes back on the new version with the
    rest as typed, each error next to its field."""
    form = form_class(request.POST or None, instance=application, **form_kwargs)
    if request.method != "POST":
        return {"form": form}
    valid = form.is_valid()
    fields = {k: v for k, v in form.service_fields().items() if k not in form.errors}
    if fields:
        try:
            services.application_save(
                application=application,
                actor=request.user,
                expected_version=form.cleaned_data.get("version") or 0,
                **fields,
            )
        except ConcurrentUpdateError as error:
            return {"form": form, "conflict": concurrent_update_message(error)}
    if valid:
        return None
    if fields:
        data = request.POST.copy()
        data["version"] = str(application.version)
        form = form_class(data, instance=application, **form_kwargs)
        form.is_valid()
    return {"form": form, "valid_part_saved": bool(fields)}


def _edit_carrier(request, application):
    return _save_section(
        request,
        application,
        CarrierForm,
        structures=selectors.structure_choices_for(user=request.user),
    )


def _posted_version(request: AuthenticatedRequest) -> int:
    try:
        return int(request.POST.get("version") or 0)
    except ValueError:
        return 0


def _rows(request: AuthenticatedRequest) -> int:
    try:
        return min(max(int(request.GET.get("plus", 0)), 0), MAX_EXTRA_ROWS)
    except ValueError:
        return 0


def _edit_team(request, application):
    if request.method == "POST":
        formset = TeamMemberFormSet(request.POST, prefix="members")
        # The version the page was opened on: sending it again cannot overwrite a newer save.
        version = _posted_version(request)
        if formset.is_valid():
            members = [dict(form.cleaned_data) for form in formset if not form.is_blank()]
            try:
                services.application_save_team(
                    application=application,
                    actor=request.user,
                    expected_version=version,
                    members=members,
                )
            except ConcurrentUpdateError as error:
                conflict = concurrent_update_message(error)
                return {"formset": formset, "version": version, "conflict": conflict}
            return None
        return {"formset": formset, "version": version}
    else:
        initial = [
            {
                "first_name": m.first_name,
                "last_name": m.last_name,
                "birth_date": m.birth_date,
                "gender": m.gender,
                "town": m.town,
                "attached_to_department": m.attached_to_department,
                "role": m.role,
            }
            for m in selectors.application_members(application=application)
        ]
        blank = 1 + _rows(request) if initial else 3 + _rows(request)
        formset = TeamMemberFormSet(initial=initial + [{}] * blank, prefix="members")
    return {"formset": formset, "version": application.version}


def _edit_project(request, application):
    return _save_section(request, application, ProjectSectionForm)


def _edit_budget(request, application):
    form = BudgetForm(request.POST or None, application=application)
    if request.method == "POST":
        formset = BudgetLineFormSet(request.POST, prefix="lines")
        if form.is_valid() and formset.is_valid():
            try:
                services.application_save_budget(
                    application=application,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"] or 0,
                    requested_amount=form.cleaned_data["requested_amount"],
                    lines=[f.cleaned_data for f in formset if not f.is_blank()],
                )
            except ConcurrentUpdateError as error:
                return {
                    "form": form,
                    "formset": formset,
                    "totals": selectors.application_budget_totals(application=application),
                    "conflict": concurrent_update_message(error),
                }
            return None
    else:
        lines = [
            {"side": line.side, "label": line.label, "amount": line.amount}
            for line in application.budget_lines.all()
        ]
        extra = [{"side": BudgetSide.EXPENSE}, {"side": BudgetSide.RESOURCE}]
        extra += [{"side": BudgetSide.EXPENSE}] * _rows(request)
        formset = BudgetLineFormSet(initial=lines + extra, prefix="lines")
    return {
        "form": form,
        "formset": formset,
        "totals": selectors.application_budget_totals(application=application),
    }


def _edit_documents(request, application):
    form = DocumentUploadForm(request.POST or None, request.FILES or None, call=application.call)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            services.application_document_add,
            form=form,
            application=application,
            actor=request.user,
            required_document=form.cleaned_data["required_document"],
            file=form.cleaned_data["file"],
        )
    ):
        return None
    documents = selectors.application_documents(application=application)
    uploaded = {d.required_document_id: d for d in documents if d.required_document_id}
    return {
        "form": form,
        "required": [
            (required, uploaded.get(required.pk))
            for required in application.call.required_documents.all()
        ],
        "others": [d for d in documents if d.required_document_id is None],
        "minors": selectors.application_minors(application=application),
    }


def _edit_declaration(request, application):
    return _save_section(request, application, DeclarationForm)


EDITORS = {
    "porteur": _edit_carrier,
    "equipe": _edit_team,
    "projet": _edit_project,
    "budget": _edit_budget,
    "pieces": _edit_documents,
    "declaration": _edit_declaration,
}
# Buttons that save the section and show it again with one more empty row.
ADD_ROW_BUTTONS = ("add_member", "add_line")


@login_required
def application_edit(request: AuthenticatedRequest, pk: int, section: str) -> HttpResponse:
    """One section of the form. Saving keeps whatever is filled in, complete or not;
    only malformed values are refused, next to their field."""
    if section not in EDITORS:
        raise Http404
    application = own_application(request, pk)
    if application.state not in EDITABLE_STATES:
        messages.info(request, _("This application is submitted: it can no longer be changed."))
        return redirect("calls:applicant_application_detail", pk=application.pk)
    # Another tab saved first: the editor shows the section again with what was typed
    # and the conflict message (see ``conflict``); nothing is saved.
    edited = run_service(partial(EDITORS[section], request, application), request=request)
    if not edited:  # refused (the application changed state meanwhile)
        return _to_section(application, section)
    context = edited.value
    if context is None:  # saved
        messages.success(request, _("Draft saved."))
        if any(button in request.POST for button in ADD_ROW_BUTTONS):
            return _to_section(application, section, plus=1)
        index = SECTION_NAMES.index(section)
        if "continue" in request.POST and index + 1 < len(SECTION_NAMES):
            return _to_section(application, SECTION_NAMES[index + 1])
        if "continue" in request.POST:
            return redirect("calls:applicant_application_submit", pk=application.pk)
        return _to_section(application, section)
    # Not saved: the errors are shown next to their fields (a conflict with another tab
    # at the top of the form), and what was typed is kept.
    index = SECTION_NAMES.index(section)
    return render(
        request,
        f"calls/applicant/section_{section}.html",
        {
            **context,
            "application": application,
            "call": application.call,
            "section": section,
            "section_title": dict(SECTIONS)[section],
            "sections": SECTIONS,
            "is_last": index + 1 == len(SECTION_NAMES),
            "closes_at_label": selectors.datetime_label(application.call.closes_at),
        },
    )


@login_required
@require_POST
def document_remove(request: AuthenticatedRequest, pk: int, document_pk: int) -> HttpResponse:
    application = own_application(request, pk)
    document = found_or_404(application.documents.filter(pk=document_pk).first())
    if run_service(
        services.application_document_remove, request=request, document=document, actor=request.user
    ):
        messages.success(request, _("The file “%(name)s” is removed.") % {"name": document})
    return _to_section(application, "pieces")


# Submitting, withdrawing, deleting


@login_required
def application_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET: what is still missing; POST: submits, or lists what is missing."""
    application = own_application(request, pk)
    if transition_get(application.state, ApplicationState.SUBMITTED) is None:
        messages.info(request, _("This application is already submitted."))
        return redirect("calls:applicant_application_detail", pk=application.pk)
    # What is missing is listed on the page; the service checks it all again.
    problems = selectors.application_submission_problems(application=application)
    if (
        request.method == "POST"
        and not problems
        and run_service(
            services.application_submit,
            request=request,
            application=application,
            actor=request.user,
        )
    ):
        messages.success(
            request,
            _("Your application is submitted. Its reference number is %(reference)s.")
            % {"reference": application.reference},
        )
        return redirect("calls:applicant_application_receipt", pk=application.pk)
    return render(
        request,
        "calls/applicant/submit.html",
        {
            "application": application,
            "problems": problems,
            "closed": selectors.application_submission_closed(application=application),
            "sections": SECTIONS,
            "closes_at_label": selectors.datetime_label(application.call.closes_at),
        },
    )


@login_required
@require_POST
def application_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = own_application(request, pk)
    if run_service(
        services.application_transition,
        request=request,
        application=application,
        to_state=ApplicationState.WITHDRAWN,
        actor=request.user,
        reason=request.POST.get("reason", ""),
    ):
        messages.success(request, _("Your application is withdrawn."))
    return redirect("calls:applicant_application_detail", pk=application.pk)


@login_required
def application_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = own_application(request, pk)
    if request.method == "POST":
        if not run_service(
            services.application_delete_draft,
            request=request,
            application=application,
            actor=request.user,
        ):
            return redirect("calls:applicant_application_detail", pk=application.pk)
        messages.success(request, _("Your draft is deleted, with its files."))
        return redirect("calls:applicant_application_list")
    return render(request, "calls/applicant/delete.html", {"application": application})


@login_required
def application_receipt(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = own_application(request, pk)
    submitted_at = application.last_submitted_at
    if application.reference is None or submitted_at is None:
        raise Http404
    return render(
        request,
        "calls/applicant/receipt.html",
        {
            "application": application,
            "snapshot": application.submitted_snapshot or {},
            "submitted_label": selectors.datetime_label(submitted_at),
        },
    )


@login_required
def application_data(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Everything the portal holds about this application, as JSON (right of access)."""
    application = own_application(request, pk)
    security_event("own_data_download", request=request, application=application.pk)
    data = selectors.application_snapshot(application=application)
    data["timeline"] = [
        {"from": e.from_state, "to": e.to_state, "at": e.at.isoformat(), "reason": e.reason}
        for e in selectors.application_timeline(application=application)
    ]
    data["messages"] = [
        {
            "from_department": m.from_staff,
            "at": m.created_at.isoformat(),
            "body": m.body,
            "attachment": m.attachment_name,
        }
        for m in selectors.application_thread(application=application, with_staff_notes=False)
    ]
    grant = selectors.application_grant(application=application)
    data["grant"] = grant and {
        "amount": str(grant.amount),
        "instalments": [
            {
                "kind": i.kind,
                "amount": str(i.amount),
                "state": i.state,
                "paid_on": i.paid_on and i.paid_on.isoformat(),
            }
            for i in grant.instalments.all()
        ],
    }
    report = selectors.application_final_report(application=application)
    data["final_report"] = report and {
        "narrative": report.narrative,
        "presentation_date": report.presentation_date and report.presentation_date.isoformat(),
        "presentation_place": report.presentation_place,
        "presentation_audience": report.presentation_audience,
        "financial_report": report.financial_report_name,
        "submitted_at": report.submitted_at and report.submitted_at.isoformat(),
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    name = application.reference or f"brouillon-{application.pk}"
    response["Content-Disposition"] = f'attachment; filename="candidature-{name}.json"'
    response["Cache-Control"] = "private, no-store"
    return response
