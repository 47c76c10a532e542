"""The committee sessions of a call: /espace/<code>/appels/<slug>/comites/…

A session is planned, its decisions are recorded application by application (within the
envelope of the call), then it is held: the decisions are applied, the grants created and
the applicants e-mailed. The minutes page prints. Reading needs VIEW_CALLS, every write
MANAGE_CALLS; a session of another call or department is a 404.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls import selectors, services
from calls.forms import CommitteeDecisionForm, CommitteeSessionForm
from calls.models import ApplicationState, Call, CommitteeSession, CommitteeState
from calls.views.staff import _call_or_404
from common.pagination import paginate
from common.views import run_service
from partners.permissions import MANAGE_CALLS, VIEW_CALLS, staff_view


def _session_or_404(call: Call, pk: int) -> CommitteeSession:
    session = selectors.committee_session_get(call=call, pk=pk)
    if session is None:
        raise Http404
    return session


def _to_session(request: HttpRequest, session: CommitteeSession) -> HttpResponse:
    return redirect(
        "calls:staff_committee_detail",
        code=request.department.code,
        slug=session.call.slug,
        pk=session.pk,
    )


@staff_view(VIEW_CALLS, section="calls")
def committee_list(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call_or_404(request, slug)
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
def committee_create(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call_or_404(request, slug)
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
            return _to_session(request, created.value)
    return render(
        request,
        "calls/committee/session_form.html",
        {"call": call, "tab": "committee", "form": form},
    )


@staff_view(MANAGE_CALLS, section="calls")
def committee_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    call = _call_or_404(request, slug)
    session = _session_or_404(call, pk)
    if session.state != CommitteeState.PLANNED:
        messages.info(request, _("This session is held: its decisions are final."))
        return _to_session(request, session)
    form = CommitteeSessionForm(
        request.POST or None,
        members=selectors.department_member_choices(department=request.department),
        session=session,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            services.committee_session_update,
            form=form,
            session=session,
            actor=request.user,
            expected_version=form.cleaned_data["version"] or 0,
            **form.service_fields(),
        )
    ):
        messages.success(request, _("Changes saved."))
        return _to_session(request, session)
    return render(
        request,
        "calls/committee/session_form.html",
        {"call": call, "tab": "committee", "form": form, "session": session},
    )


def _session_page(
    request: HttpRequest, call: Call, session: CommitteeSession, failed: tuple | None = None
) -> HttpResponse:
    agenda = selectors.committee_agenda(session=session)
    can_decide = MANAGE_CALLS in request.capabilities and session.state == CommitteeState.PLANNED
    rows = []
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
def committee_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    call = _call_or_404(request, slug)
    return _session_page(request, call, _session_or_404(call, pk))


@staff_view(MANAGE_CALLS, section="calls")
@require_POST
def committee_decision(
    request: HttpRequest, slug: str, pk: int, application_pk: int
) -> HttpResponse:
    call = _call_or_404(request, slug)
    session = _session_or_404(call, pk)
    application = call.applications.filter(pk=application_pk).first()
    if application is None:
        raise Http404
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
        return _to_session(request, session)
    messages.error(request, _("The decision is not recorded: see the reason below."))
    return _session_page(request, call, session, failed=(application.pk, form))


@staff_view(MANAGE_CALLS, section="calls")
@require_POST
def committee_decision_remove(
    request: HttpRequest, slug: str, pk: int, application_pk: int
) -> HttpResponse:
    call = _call_or_404(request, slug)
    session = _session_or_404(call, pk)
    decision = session.decisions.filter(application_id=application_pk).first()
    if decision is None:
        raise Http404
    if run_service(
        services.committee_decision_remove, request=request, decision=decision, actor=request.user
    ):
        messages.success(request, _("The decision is removed."))
    return _to_session(request, session)


@staff_view(MANAGE_CALLS, section="calls")
@require_POST
def committee_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    call = _call_or_404(request, slug)
    session = _session_or_404(call, pk)
    if run_service(
        services.committee_session_close, request=request, session=session, actor=request.user
    ):
        messages.success(
            request,
            _("The session is held: the decisions are applied and the applicants informed."),
        )
    return _to_session(request, session)


@staff_view(VIEW_CALLS, section="calls")
def committee_minutes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    call = _call_or_404(request, slug)
    session = _session_or_404(call, pk)
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
