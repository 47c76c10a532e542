"""Committee sessions: decisions within the envelope, closing applies them (transitions,
grants, e-mails), the minutes; and the agenda's query count."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from calls import selectors, services
from calls.models import (
    Application,
    ApplicationState,
    CommitteeDecision,
    CommitteeSession,
    CommitteeState,
    Grant,
)
from tests.calls.conftest import make_complete_application, put_in_state
from tests.factories import UserFactory


def _eligible(call, sdg, requested="2000", applicant=None) -> Application:
    application = make_complete_application(call, applicant or UserFactory(), sdg)
    Application.objects.filter(pk=application.pk).update(requested_amount=Decimal(requested))
    return put_in_state(application, ApplicationState.ELIGIBLE)


@pytest.fixture
def session(call92, officer92) -> CommitteeSession:
    return services.committee_session_create(
        call=call92,
        actor=officer92,
        date=timezone.now(),
        place="Salle du conseil",
        members_present=[officer92],
        other_attendees="M. Dupont, association partenaire",
    )


def test_only_department_members_are_ticked_present(call92, officer92, officer94):
    with pytest.raises(ValidationError):
        services.committee_session_create(
            call=call92, actor=officer92, date=timezone.now(), members_present=[officer94]
        )
    with pytest.raises(ValidationError):  # not an officer of 92
        services.committee_session_create(call=call92, actor=officer94, date=timezone.now())
    assert not CommitteeSession.objects.exists()


def test_a_grant_is_within_the_request_and_the_call_maximum(call92, session, officer92, sdg):
    application = _eligible(call92, sdg, requested="4000")
    for amount in (Decimal("4500"), Decimal("0")):
        with pytest.raises(ValidationError):
            services.committee_decision_record(
                session=session,
                application=application,
                actor=officer92,
                decision="accepted",
                amount=amount,
            )
    Application.objects.filter(pk=application.pk).update(requested_amount=Decimal("6000"))
    application.refresh_from_db()
    with pytest.raises(ValidationError):  # the call grants 5,000 € at most
        services.committee_decision_record(
            session=session,
            application=application,
            actor=officer92,
            decision="accepted",
            amount=Decimal("5500"),
        )
    with pytest.raises(ValidationError):  # a refusal is motivated
        services.committee_decision_record(
            session=session, application=application, actor=officer92, decision="rejected"
        )
    assert not CommitteeDecision.objects.exists()


def test_granting_more_than_the_envelope_is_refused(call92, session, officer92, sdg):
    """Envelope 60,000 €: 56,000 € already granted, then 3,000 € decided in this session;
    2,500 € more would leave the envelope (1,000 € left)."""
    call92.max_grant_amount = None
    call92.save(update_fields=["max_grant_amount"])
    funded = _eligible(call92, sdg, requested="56000")
    Application.objects.filter(pk=funded.pk).update(
        state=ApplicationState.ACCEPTED, granted_amount=Decimal("56000")
    )
    first = _eligible(call92, sdg, requested="3000")
    second = _eligible(call92, sdg, requested="2500")
    services.committee_decision_record(
        session=session,
        application=first,
        actor=officer92,
        decision="accepted",
        amount=Decimal("3000"),
    )
    envelope = selectors.call_envelope(call=call92)
    assert (envelope.granted, envelope.pending, envelope.remaining) == (
        Decimal("56000"),
        Decimal("3000"),
        Decimal("1000"),
    )
    with pytest.raises(ValidationError) as error:
        services.committee_decision_record(
            session=session,
            application=second,
            actor=officer92,
            decision="accepted",
            amount=Decimal("2500"),
        )
    assert "1\u00a0000\u00a0€" in error.value.messages[0]  # what is left
    assert not CommitteeDecision.objects.filter(application=second).exists()
    # Changing the first decision frees its amount: 1,500 + 2,500 fit.
    services.committee_decision_record(
        session=session,
        application=first,
        actor=officer92,
        decision="accepted",
        amount=Decimal("1500"),
    )
    services.committee_decision_record(
        session=session,
        application=second,
        actor=officer92,
        decision="accepted",
        amount=Decimal("2500"),
    )
    assert selectors.call_envelope(call=call92).remaining == Decimal("0")


def test_closing_the_session_applies_the_decisions_and_emails_the_applicants(
    call92, session, officer92, sdg, young_applicant, client_for
):
    winner = _eligible(call92, sdg, requested="2000", applicant=young_applicant)
    loser = _eligible(call92, sdg, requested="3000")
    undecided = _eligible(call92, sdg)
    officer = client_for(officer92)
    base = f"/espace/92/appels/{call92.slug}/comites/{session.pk}/"
    officer.post(base + f"decisions/{winner.pk}/", {"decision": "accepted", "amount": "1 800"})
    officer.post(
        base + f"decisions/{loser.pk}/",
        {"decision": "rejected", "motivation": "Partenariat local trop fragile."},
    )
    assert CommitteeDecision.objects.count() == 2
    mail.outbox.clear()

    response = officer.post(base + "cloturer/")
    assert response.status_code == 302

    session.refresh_from_db()
    assert session.state == CommitteeState.HELD
    winner.refresh_from_db()
    loser.refresh_from_db()
    undecided.refresh_from_db()
    assert (winner.state, winner.granted_amount) == (ApplicationState.ACCEPTED, Decimal("1800"))
    assert loser.state == ApplicationState.REJECTED
    assert undecided.state == ApplicationState.ELIGIBLE
    assert loser.events.get(to_state="rejected").reason == "Partenariat local trop fragile."
    grant = Grant.objects.get(application=winner)
    assert [(i.kind, i.amount, i.state) for i in grant.instalments.order_by("kind")] == [
        ("advance", Decimal("1260.00"), "planned"),
        ("balance", Decimal("540.00"), "planned"),
    ]
    assert not Grant.objects.filter(application=loser).exists()
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {winner.applicant.email, loser.applicant.email}
    assert "1\u00a0800" in by_recipient[winner.applicant.email].body
    refusal = by_recipient[loser.applicant.email].body
    assert "Partenariat local trop fragile." in refusal
    assert call92.department.name in refusal  # the appeal route names the council

    # Held: the decisions are final.
    with pytest.raises(ValidationError):
        services.committee_decision_record(
            session=session,
            application=undecided,
            actor=officer92,
            decision="rejected",
            motivation="Trop tard",
        )
    # The applicant sees the decision and the instalments.
    page = client_for(young_applicant).get(
        reverse("calls:applicant_application_detail", kwargs={"pk": winner.pk})
    )
    assert page.context["decided"] and page.context["grant"] == grant
    assert "1\u00a0260" in page.content.decode()


def test_closing_refuses_a_session_without_decision(call92, session, officer92):
    with pytest.raises(ValidationError):
        services.committee_session_close(session=session, actor=officer92)
    session.refresh_from_db()
    assert session.state == CommitteeState.PLANNED


def test_the_rejected_applicant_reads_the_motivation(
    call92, session, officer92, sdg, young_applicant, client_for
):
    loser = _eligible(call92, sdg, applicant=young_applicant)
    services.committee_decision_record(
        session=session,
        application=loser,
        actor=officer92,
        decision="rejected",
        motivation="Budget insuffisamment détaillé.",
    )
    services.committee_session_close(session=session, actor=officer92)
    page = client_for(young_applicant).get(
        reverse("calls:applicant_application_detail", kwargs={"pk": loser.pk})
    )
    assert page.context["motivation"] == "Budget insuffisamment détaillé."
    assert "Budget insuffisamment détaillé." in page.content.decode()


def test_minutes_list_the_decisions_and_the_envelope(call92, session, officer92, sdg, client_for):
    winner = _eligible(call92, sdg, requested="2000")
    services.committee_decision_record(
        session=session,
        application=winner,
        actor=officer92,
        decision="accepted",
        amount=Decimal("2000"),
    )
    services.committee_session_close(session=session, actor=officer92)
    response = client_for(officer92).get(
        f"/espace/92/appels/{call92.slug}/comites/{session.pk}/proces-verbal/"
    )
    html = response.content.decode()
    assert winner.reference in html
    assert "M. Dupont, association partenaire" in html and officer92.get_full_name() in html
    assert "58\u00a0000" in html  # 60,000 € − 2,000 €
    assert response.context["accepted_total"] == Decimal("2000")
    assert 'class="receipt"' in html and "d-print-none" in html


@pytest.mark.parametrize("rows", [2, 25])
def test_committee_agenda_query_count_does_not_grow(
    rows, call92, session, officer92, sdg, client_for, django_assert_max_num_queries
):
    for n in range(rows):
        application = _eligible(call92, sdg, requested="1000")
        if n % 2:
            services.committee_decision_record(
                session=session,
                application=application,
                actor=officer92,
                decision="rejected",
                motivation="Non retenu",
            )
    client = client_for(officer92)
    # 1 session, 2 user, 3 membership (staff_view), 4 the call, 5 the committee session,
    # 6 the agenda with scores, 7 the session's decisions, 8 granted total, 9 pending
    # total (envelope), 10 members present, 11 memberships of the header.
    with django_assert_max_num_queries(11):
        response = client.get(f"/espace/92/appels/{call92.slug}/comites/{session.pk}/")
    assert len(response.context["rows"]) == rows


@pytest.mark.parametrize("rows", [2, 25])
def test_committee_session_list_query_count_does_not_grow(
    rows, call92, officer92, client_for, django_assert_max_num_queries
):
    for _ in range(rows):
        services.committee_session_create(
            call=call92, actor=officer92, date=timezone.now(), members_present=[officer92]
        )
    client = client_for(officer92)
    # 1 session, 2 user, 3 membership (staff_view), 4 the call, 5 count of the paginator,
    # 6 granted total, 7 pending total (envelope), 8 memberships of the header, 9 the page
    # of sessions with their counts.
    with django_assert_max_num_queries(9):
        response = client.get(f"/espace/92/appels/{call92.slug}/comites/")
    assert len(response.context["page"].object_list) == min(rows, 20)


def test_a_planned_session_is_edited_and_a_stale_edit_refused(
    call92, session, officer92, client_for
):
    path = f"/espace/92/appels/{call92.slug}/comites/{session.pk}/modifier/"
    data = {
        "date": "2027-05-02T10:00",
        "place": "Salle B",
        "members_present": [officer92.pk],
        "minutes": "Séance ouverte à 10 h.",
        "version": session.version,
    }
    officer = client_for(officer92)
    assert officer.post(path, data).status_code == 302
    session.refresh_from_db()
    assert (session.place, session.minutes) == ("Salle B", "Séance ouverte à 10 h.")
    response = officer.post(path, {**data, "place": "Salle C"})  # the old version
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    session.refresh_from_db()
    assert session.place == "Salle B"
