"""The calls of a department's staff workspace: /espace/<code>/appels/…

The calls (list, creation, edition, documents, criteria, publication) and the
instruction of their applications (list and exports, detail, transitions, messages and
private notes). A call or an application of another department is a 404.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from calls import exports, selectors, services
from calls.filters import StaffApplicationFilter, StaffCallFilter
from calls.forms import (
    AssignReviewerForm,
    CallForm,
    CriterionForm,
    InstalmentPaidForm,
    MessageForm,
    RequiredDocumentForm,
    TransitionForm,
    staff_transition_forms,
)
from calls.models import Application, ApplicationState, Call, CallState, InstalmentState
from calls.views.lookups import (
    application_content,
    financial_report_response,
    staff_application,
    staff_call,
    to_call,
    to_staff_application,
)
from common.pagination import paginate
from common.security import export_logged
from common.views import found_or_404, run_service, versioned_edit_saved
from partners.permissions import (
    MANAGE_CALLS,
    VIEW_CALLS,
    StaffRequest,
    require_capability,
    staff_view,
)


def _editable(request: StaffRequest, call: Call) -> bool:
    """Documents and criteria change only while the call is a draft."""
    return MANAGE_CALLS in request.capabilities and call.state == CallState.DRAFT


# Calls


@staff_view(VIEW_CALLS, section="calls")
def call_list(request: StaffRequest) -> HttpResponse:
    call_filter = StaffCallFilter(
        request.GET, queryset=selectors.department_call_list(department=request.department)
    )
    return render(
        request,
        "calls/staff/call_list.html",
        {"filter": call_filter, "page": paginate(request, call_filter.qs)},
    )


@staff_view(MANAGE_CALLS, section="calls")
def call_create(request: StaffRequest) -> HttpResponse:
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = run_service(
            services.call_create,
            form=form,
            department=request.department,
            created_by=request.user,
            **form.service_fields(),
        )
        if created:
            call = created.value
            messages.success(
                request,
                _("The call “%(title)s” is created as a draft: add its documents and criteria.")
                % {"title": call},
            )
            return to_call(request, "calls:staff_call_detail", call)
    return render(request, "calls/staff/call_form.html", {"form": form})


@staff_view(MANAGE_CALLS, section="calls")
def call_update(request: StaffRequest, slug: str) -> HttpResponse:
    call = staff_call(request, slug)
    title = call.title
    form = CallForm(request.POST or None, instance=call)
    if versioned_edit_saved(request, form, services.call_update, call=call):
        return to_call(request, "calls:staff_call_detail", call)
    return render(
        request, "calls/staff/call_form.html", {"form": form, "call": call, "title": title}
    )


@staff_view(VIEW_CALLS, section="calls")
def call_detail(request: StaffRequest, slug: str) -> HttpResponse:
    call = staff_call(request, slug)
    return render(
        request,
        "calls/staff/call_detail.html",
        {
            "call": call,
            "tab": "overview",
            "opens_at_label": selectors.datetime_label(call.opens_at),
            "closes_at_label": selectors.datetime_label(call.closes_at),
            "documents": selectors.call_required_documents(call=call),
            "criteria": call.criteria.all(),
        },
    )


def _state_action(
    request: StaffRequest, slug: str, action: Callable[..., Call], success: str
) -> HttpResponse:
    call = staff_call(request, slug)
    if run_service(action, request=request, call=call):
        messages.success(request, success)
    return to_call(request, "calls:staff_call_detail", call)


@staff_view(MANAGE_CALLS, section="calls")
@require_POST
def call_publish(request: StaffRequest, slug: str) -> HttpResponse:
    return _state_action(
        request, slug, services.call_publish, _("The call is published: the public can see it.")
    )


@staff_view(MANAGE_CALLS, section="calls")
@require_POST
def call_close(request: StaffRequest, slug: str) -> HttpResponse:
    return _state_action(
        request, slug, services.call_close, _("The call is closed: no more applications.")
    )


@staff_view(MANAGE_CALLS, section="calls")
@require_POST
def call_archive(request: StaffRequest, slug: str) -> HttpResponse:
    return _state_action(request, slug, services.call_archive, _("The call is archived."))


@staff_view(VIEW_CALLS, section="calls")
def call_documents(request: StaffRequest, slug: str) -> HttpResponse:
    """The documents asked from the applicants; a POST (MANAGE_CALLS) adds one."""
    call = staff_call(request, slug)
    if request.method == "POST":
        require_capability(request, MANAGE_CALLS)
    form = RequiredDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        added = run_service(
            services.required_document_add, form=form, call=call, **form.service_fields()
        )
        if added:
            messages.success(
                request, _("The document “%(label)s” is added.") % {"label": added.value}
            )
            return to_call(request, "calls:staff_call_documents", call)
    return render(
        request,
        "calls/staff/call_documents.html",
        {
            "call": call,
            "tab": "documents",
            "form": form,
            "editable": _editable(request, call),
            "documents": selectors.call_required_documents(call=call),
        },
    )


@staff_view(MANAGE_CALLS, section="calls")
@require_POST
def required_document_remove(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    call = staff_call(request, slug)
    document = found_or_404(call.required_documents.filter(pk=pk).first())
    if run_service(services.required_document_remove, request=request, document=document):
        messages.success(request, _("The document “%(label)s” is removed.") % {"label": document})
    return to_call(request, "calls:staff_call_documents", call)


@staff_view(VIEW_CALLS, section="calls")
def call_criteria(request: StaffRequest, slug: str) -> HttpResponse:
    """The evaluation criteria; a POST (MANAGE_CALLS) adds one."""
    call = staff_call(request, slug)
    if request.method == "POST":
        require_capability(request, MANAGE_CALLS)
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        added = run_service(services.criterion_add, form=form, call=call, **form.cleaned_data)
        if added:
            messages.success(
                request, _("The criterion “%(label)s” is added.") % {"label": added.value}
            )
            return to_call(request, "calls:staff_call_criteria", call)
    return render(
        request,
        "calls/staff/call_criteria.html",
        {
            "call": call,
            "tab": "criteria",
            "form": form,
            "criteria": call.criteria.all(),
            "editable": _editable(request, call),
        },
    )


@staff_view(MANAGE_CALLS, section="calls")
@require_POST
def criterion_remove(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    call = staff_call(request, slug)
    criterion = found_or_404(call.criteria.filter(pk=pk).first())
    if run_service(services.criterion_remove, request=request, criterion=criterion):
        messages.success(request, _("The criterion “%(label)s” is removed.") % {"label": criterion})
    return to_call(request, "calls:staff_call_criteria", call)


# Applications


def _filtered_applications(request: StaffRequest, call: Call) -> StaffApplicationFilter:
    return StaffApplicationFilter(request.GET, queryset=selectors.call_application_list(call=call))


@staff_view(VIEW_CALLS, section="calls")
@never_cache
def application_list(request: StaffRequest, slug: str) -> HttpResponse:
    call = staff_call(request, slug)
    application_filter = _filtered_applications(request, call)
    return render(
        request,
        "calls/staff/application_list.html",
        {
            "call": call,
            "tab": "applications",
            "filter": application_filter,
            "page": paginate(request, application_filter.qs),
        },
    )


@staff_view(VIEW_CALLS, section="calls")
def application_export_csv(request: StaffRequest, slug: str) -> StreamingHttpResponse:
    call = staff_call(request, slug)
    export_logged(request, data="applications", file_format="csv", call=call.slug)
    return exports.applications_csv_response(_filtered_applications(request, call).qs, call=call)


@staff_view(VIEW_CALLS, section="calls")
def application_export_xlsx(request: StaffRequest, slug: str) -> FileResponse:
    call = staff_call(request, slug)
    export_logged(request, data="applications", file_format="xlsx", call=call.slug)
    return exports.applications_xlsx_response(_filtered_applications(request, call).qs, call=call)


def _application_page(
    request: StaffRequest,
    call: Call,
    application: Application,
    *,
    message_form: MessageForm | None = None,
    failed_transition: tuple[str, TransitionForm] | None = None,
) -> HttpResponse:
    # Closing the file has its own button, next to the final report (it needs the report).
    transitions = [
        (t, form)
        for t, form in staff_transition_forms(application.state)
        if t.target != ApplicationState.CLOSED
    ]
    if failed_transition is not None:
        transitions = [
            (t, failed_transition[1] if t.target == failed_transition[0] else form)
            for t, form in transitions
        ]
    response = render(
        request,
        "calls/staff/application_detail.html",
        {
            "call": call,
            "application": application,
            **application_content(application),
            "minors": selectors.application_minors(application=application),
            "timeline": selectors.application_timeline(application=application),
            "thread": selectors.application_thread(application=application, with_staff_notes=True),
            "transitions": transitions if MANAGE_CALLS in request.capabilities else [],
            "message_form": message_form or MessageForm(staff=True, auto_id="id_message_%s"),
            **_after_instruction_context(request, application),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _after_instruction_context(request: StaffRequest, application: Application) -> dict[str, Any]:
    """The reviews, the committee's decision, the grant and the final report."""
    manage = MANAGE_CALLS in request.capabilities
    reviewers = selectors.department_reviewers(department=request.department).exclude(
        review_assignments__application=application
    )
    assignable = application.state in services.ASSIGNABLE_STATES
    grant = selectors.application_grant(application=application)
    report = selectors.application_final_report(application=application)
    return {
        "assignments": selectors.application_assignments(application=application),
        "criteria": list(application.call.criteria.all()),
        "assign_form": AssignReviewerForm(reviewers=reviewers, auto_id="id_assign_%s")
        if manage and assignable
        else None,
        "decision": selectors.application_decision(application=application),
        "grant": grant,
        "instalments": [
            (
                instalment,
                InstalmentPaidForm(auto_id=f"id_instalment_{instalment.pk}_%s")
                if manage and instalment.state == InstalmentState.PLANNED
                else None,
            )
            for instalment in (grant.instalments.all() if grant else [])
        ],
        "report": report,
        "can_close": manage
        and application.state == ApplicationState.ACCEPTED
        and report is not None
        and report.submitted_at is not None,
    }


@staff_view(VIEW_CALLS, section="calls")
def application_detail(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    call = staff_call(request, slug)
    return _application_page(request, call, staff_application(call, pk))


@staff_view(MANAGE_CALLS, section="calls")
@require_POST
def application_transition(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    call = staff_call(request, slug)
    application = staff_application(call, pk)
    target = request.POST.get("to_state", "")
    form = TransitionForm(request.POST, auto_id=f"id_{target}_%s")
    if form.is_valid() and run_service(
        services.application_transition,
        form=form,
        application=application,
        to_state=form.cleaned_data["to_state"],
        actor=request.user,
        reason=form.cleaned_data["reason"],
        amount=form.cleaned_data["amount"],
    ):
        messages.success(
            request,
            _("The application is now: %(state)s.") % {"state": application.get_state_display()},
        )
        return to_staff_application(request, application)
    messages.error(request, _("The application has not changed: see the reason below."))
    return _application_page(request, call, application, failed_transition=(target, form))


@staff_view(MANAGE_CALLS, section="calls")
@require_POST
def application_message(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    call = staff_call(request, slug)
    application = staff_application(call, pk)
    form = MessageForm(request.POST, request.FILES, staff=True, auto_id="id_message_%s")
    if form.is_valid():
        posted = run_service(
            services.message_post,
            form=form,
            application=application,
            author=request.user,
            body=form.cleaned_data["body"],
            attachment=form.cleaned_data["attachment"],
            staff_note=form.cleaned_data["staff_note"],
        )
        if posted.value is not None:
            messages.success(
                request,
                _("Private note saved.")
                if posted.value.is_staff_note
                else _("Message sent to the applicant."),
            )
            return to_staff_application(request, application)
    return _application_page(request, call, application, message_form=form)


@staff_view(MANAGE_CALLS, section="calls")
@require_POST
def instalment_pay(request: StaffRequest, slug: str, pk: int, instalment_pk: int) -> HttpResponse:
    call = staff_call(request, slug)
    application = staff_application(call, pk)
    instalment = found_or_404(
        selectors.application_instalment_get(application=application, pk=instalment_pk)
    )
    form = InstalmentPaidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the payment date."))
    elif run_service(
        services.instalment_mark_paid,
        request=request,
        instalment=instalment,
        actor=request.user,
        paid_on=form.cleaned_data["paid_on"],
    ):
        messages.success(
            request,
            _("The instalment “%(kind)s” is marked paid.")
            % {"kind": instalment.get_kind_display()},
        )
    return to_staff_application(request, application)


@staff_view(MANAGE_CALLS, section="calls")
@require_POST
def application_close(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    """Closes the file of an accepted application once its final report is received."""
    call = staff_call(request, slug)
    application = staff_application(call, pk)
    if run_service(
        services.application_close, request=request, application=application, actor=request.user
    ):
        messages.success(request, _("The file is closed."))
    return to_staff_application(request, application)


@staff_view(VIEW_CALLS, section="calls")
def final_report_file(request: StaffRequest, slug: str, pk: int) -> FileResponse:
    """The financial report of the winners, for the department's staff."""
    return financial_report_response(
        staff_application(staff_call(request, slug), pk), request=request
    )
