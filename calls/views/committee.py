"""The committee sessions of a call: /espace/<code>/appels/<slug>/comites/…

A session is planned, its decisions are recorded application by application (within the
envelope of the call), then it is held: the decisions are applied, the grants created and
the applicants e-mailed. The minutes page prints. Reading needs VIEW_CALLS, every write
MANAGE_CALLS; a session of another call or department is a 404.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls import selectors, services
from calls.forms import CommitteeDecisionForm, CommitteeSessionForm
from calls.models import Application, ApplicationState, Call, CommitteeSession, CommitteeState
from calls.views.lookups import committee_session, staff_call, to_committee_session
from common.pagination import paginate
from common.views import found_or_404, run_service, versioned_edit_saved
from partners.permissions import MANAGE_CALLS, VIEW_CALLS, StaffRequest, staff_view


@staff_view(VIEW_CALLS, section="calls")
def committee_list(request: StaffRequest, slug: str) -> HttpResponse:
    call = staff_call(request, slug)
    return render(
        request,
        "calls/committee/session_list.html",
        {
            "call": call,
            "tab": "committee",
            "page": paginate(request, selectors.call_committee_sessions(call=call)),
            "envelope": selectors.call_envelope(call=call),
        },
    )


@staff_view(MANAGE_CALLS, section="calls")
def committee_create(request: StaffRequest, slug: str) -> HttpResponse:
    call = staff_call(request, slug)
    form = CommitteeSessionForm(
        request.POST or None,
        members=selectors.department_member_choices(department=request.department),
    )
    if request.method == "POST" and form.is_valid():
        created = run_service(
            services.committee_session_create,
            form=form,
            call=call,
            actor=request.user,
            **form.cleaned_data,
        )
        if created.value is not None:
            messages.success(
                request, _("The session is planned: record its decisions, then close it.")
            )
            return to_committee_session(request, created.value)
    return render(
        request,
        "calls/committee/session_form.html",
        {"call": call, "tab": "committee", "form": form},
    )


@staff_view(MANAGE_CALLS, section="calls")
def committee_update(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    call = staff_call(request, slug)
    session = committee_session(call, pk)
    if session.state != CommitteeState.PLANNED:
        messages.info(request, _("This session is held: its decisions are final."))
        return to_committee_session(request, session)
    form = CommitteeSessionForm(
        request.POST or None,
        members=selectors.department_member_choices(department=request.department),
        session=session,
    )
    if versioned_edit_saved(
        request, form, services.committee_session_update, session=session, actor=request.user
    ):
        return to_committee_session(request, session)
    return render(
        request,
        "calls/committee/session_form.html",
        {"call": call, "tab": "committee", "form": form, "session": session},
    )


def _session_page(
    request: StaffRequest,
    call: Call,
    session: CommitteeSession,
    failed: tuple[int, CommitteeDecisionForm] | None = None,
) -> HttpResponse:
    agenda = selectors.committee_agenda(session=session)
    can_decide = MANAGE_CALLS in request.capabilities and session.state == CommitteeState.PLANNED
    rows: list[tuple[Application, CommitteeDecisionForm | None]] = []
    for application in agenda:
        form = None
        if can_decide:
            if failed is not None and failed[0] == application.pk:
                form = failed[1]
            else:
                decision = application.decision
                form = CommitteeDecisionForm(
                    initial={
                        "decision": decision.decision if decision else None,
                        "amount": decision.amount if decision else application.requested_amount,
                        "motivation": decision.motivation if decision else "",
                    },
                    auto_id=f"id_{application.pk}_%s",
                )
        rows.append((application, form))
    return render(
        request,
        "calls/committee/session_detail.html",
        {
            "call": call,
            "tab": "committee",
            "session": session,
            "rows": rows,
            "can_decide": can_decide,
            "envelope": selectors.call_envelope(call=call),
            "members": session.members_present.all(),
            "date_label": selectors.datetime_label(session.date),
        },
    )


@staff_view(VIEW_CALLS, section="calls")
def committee_detail(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    call = staff_call(request, slug)
    return _session_page(request, call, committee_session(call, pk))


@staff_view(MANAGE_CALLS, section="calls")
@require_POST
def committee_decision(
    request: StaffRequest, slug: str, pk: int, application_pk: int
) -> HttpResponse:
    call = staff_call(request, slug)
    session = committee_session(call, pk)
    application = found_or_404(call.applications.filter(pk=application_pk).first())
    form = CommitteeDecisionForm(request.POST, auto_id=f"id_{application.pk}_%s")
    if form.is_valid() and run_service(
        services.committee_decision_record,
        form=form,
        session=session,
        application=application,
        actor=request.user,
        decision=form.cleaned_data["decision"],
        amount=form.cleaned_data["amount"],
        motivation=form.cleaned_data["motivation"],
    ):
        messages.success(
            request,
            _("Decision recorded for %(reference)s.") % {"reference": application.reference},
        )
        return to_committee_session(request, session)
    messages.error(request, _("The decision is not recorded: see the reason below."))
    return _session_page(request, call, session, failed=(application.pk, form))


@staff_view(MANAGE_CALLS, section="calls")
@require_POST
def committee_decision_remove(
    request: StaffRequest, slug: str, pk: int, application_pk: int
) -> HttpResponse:
    call = staff_call(request, slug)
    session = committee_session(call, pk)
    decision = found_or_404(session.decisions.filter(application_id=application_pk).first())
    if run_service(
        services.committee_decision_remove, request=request, decision=decision, actor=request.user
    ):
        messages.success(request, _("The decision is removed."))
    return to_committee_session(request, session)


@staff_view(MANAGE_CALLS, section="calls")
@require_POST
def committee_close(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    call = staff_call(request, slug)
    session = committee_session(call, pk)
    if run_service(
        services.committee_session_close, request=request, session=session, actor=request.user
    ):
        messages.success(
            request,
            _("The session is held: the decisions are applied and the applicants informed."),
        )
    return to_committee_session(request, session)


@staff_view(VIEW_CALLS, section="calls")
def committee_minutes(request: StaffRequest, slug: str, pk: int) -> HttpResponse:
    call = staff_call(request, slug)
    session = committee_session(call, pk)
    decisions = selectors.committee_minutes(session=session)
    return render(
        request,
        "calls/committee/minutes.html",
        {
            "call": call,
            "session": session,
            "decisions": decisions,
            "accepted_total": sum(
                (d.amount for d in decisions if d.amount is not None),
                start=selectors.ZERO,
            ),
            "members": session.members_present.all(),
            "envelope": selectors.call_envelope(call=call),
            "date_label": selectors.datetime_label(session.date),
            "held": session.state == CommitteeState.HELD,
            "eligible_state": ApplicationState.ELIGIBLE,
        },
    )
