"""The state machine of an application: every allowed transition works, with the right
side only; every other (from, to) pair is refused and changes nothing."""

from decimal import Decimal
from itertools import product

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from calls import services
from calls.models import Application, ApplicationEvent, ApplicationState, Message
from calls.workflow import APPLICANT, APPLICATION_TRANSITIONS, STAFF
from tests.calls.conftest import put_in_state

# These tests read the services' messages as written in the code (in English).
pytestmark = pytest.mark.usefixtures("english_messages")


STATES = ApplicationState.values
ALLOWED = sorted(APPLICATION_TRANSITIONS)
FORBIDDEN = sorted(pair for pair in product(STATES, STATES) if pair not in APPLICATION_TRANSITIONS)


def test_the_transitions_are_the_documented_ones():
    assert set(APPLICATION_TRANSITIONS) == {
        ("draft", "submitted"),
        ("submitted", "under_review"),
        ("under_review", "changes_requested"),
        ("changes_requested", "submitted"),
        ("under_review", "eligible"),
        ("under_review", "ineligible"),
        ("eligible", "accepted"),
        ("eligible", "rejected"),
        ("accepted", "closed"),
        ("draft", "withdrawn"),
        ("submitted", "withdrawn"),
        ("under_review", "withdrawn"),
        ("changes_requested", "withdrawn"),
        ("eligible", "withdrawn"),
    }
    applicant_side = {pair for pair, t in APPLICATION_TRANSITIONS.items() if t.by == APPLICANT}
    assert applicant_side == {
        ("draft", "submitted"),
        ("changes_requested", "submitted"),
        *((source, "withdrawn") for source in STATES if (source, "withdrawn") in ALLOWED),
    }


def _actors(transition, young_applicant, officer92):
    right = young_applicant if transition.by == APPLICANT else officer92
    wrong = officer92 if transition.by == APPLICANT else young_applicant
    return right, wrong


@pytest.mark.parametrize(("source", "target"), ALLOWED, ids=lambda v: str(v))
def test_allowed_transition_works_for_its_side_and_is_recorded(
    source, target, complete_application, young_applicant, officer92
):
    application = put_in_state(complete_application, source)
    transition = APPLICATION_TRANSITIONS[(source, target)]
    right, wrong = _actors(transition, young_applicant, officer92)

    with pytest.raises(ValidationError):
        services.application_transition(
            application=application, to_state=target, actor=wrong, reason="Motif", amount=1500
        )
    assert Application.objects.get(pk=application.pk).state == source

    services.application_transition(
        application=application,
        to_state=target,
        actor=right,
        reason="Motif détaillé",
        amount=Decimal("1500"),
    )

    application.refresh_from_db()
    assert application.state == target
    event = ApplicationEvent.objects.get(application=application)
    assert (event.from_state, event.to_state, event.actor) == (source, target, right)
    assert event.reason == "Motif détaillé"
    if transition.needs_amount:
        assert application.granted_amount == Decimal("1500")
        assert event.amount == Decimal("1500")


@pytest.mark.parametrize(("source", "target"), FORBIDDEN, ids=lambda v: str(v))
def test_forbidden_transition_is_refused_for_everyone(
    source, target, complete_application, young_applicant, officer92
):
    application = put_in_state(complete_application, source)
    version = application.version

    for actor in (young_applicant, officer92):
        with pytest.raises(ValidationError) as error:
            services.application_transition(
                application=application, to_state=target, actor=actor, reason="x", amount=100
            )
        assert "cannot become" in " ".join(error.value.messages)

    application.refresh_from_db()
    assert (application.state, application.version) == (source, version)
    assert not ApplicationEvent.objects.filter(application=application).exists()


def test_an_unknown_state_is_refused(complete_application, young_applicant):
    with pytest.raises(ValidationError):
        services.application_transition(
            application=complete_application, to_state="paid", actor=young_applicant
        )


@pytest.mark.parametrize(
    ("source", "target"),
    [pair for pair, t in APPLICATION_TRANSITIONS.items() if t.needs_reason],
)
def test_a_reason_is_required_where_the_applicant_must_be_told_why(
    source, target, complete_application, officer92
):
    application = put_in_state(complete_application, source)
    with pytest.raises(ValidationError, match="reason"):
        services.application_transition(
            application=application, to_state=target, actor=officer92, reason="   "
        )
    assert Application.objects.get(pk=application.pk).state == source


def test_a_grant_needs_an_amount_within_the_request_and_the_envelope(
    complete_application, officer92, call92
):
    application = put_in_state(complete_application, "eligible")
    for amount in (None, Decimal(0), Decimal("2000.01")):
        with pytest.raises(ValidationError):
            services.application_transition(
                application=application, to_state="accepted", actor=officer92, amount=amount
            )
    call92.envelope = Decimal("1000")
    call92.max_grant_amount = None
    call92.save()
    with pytest.raises(ValidationError, match="envelope"):
        services.application_transition(
            application=application, to_state="accepted", actor=officer92, amount=Decimal(1500)
        )
    assert Application.objects.get(pk=application.pk).state == "eligible"


def test_a_reviewer_or_a_viewer_cannot_instruct(complete_application, reviewer92, dept92):
    application = put_in_state(complete_application, "submitted")
    with pytest.raises(ValidationError, match="officers"):
        services.application_transition(
            application=application, to_state="under_review", actor=reviewer92
        )


def test_requesting_changes_writes_to_the_applicant(complete_application, officer92):
    application = put_in_state(complete_application, "under_review")
    mail.outbox.clear()

    services.application_transition(
        application=application,
        to_state="changes_requested",
        actor=officer92,
        reason="Ajoutez le devis des billets.",
    )

    message = Message.objects.get(application=application)
    assert message.from_staff and not message.is_staff_note
    assert message.body == "Ajoutez le devis des billets."
    assert [m.to for m in mail.outbox] == [[application.applicant.email]]
    assert "Ajoutez le devis des billets." in mail.outbox[0].body


def test_the_sides_are_the_only_two(complete_application):
    assert {t.by for t in APPLICATION_TRANSITIONS.values()} == {APPLICANT, STAFF}


def test_a_refusal_states_its_motivation_and_the_appeal_route(complete_application, officer92):
    application = put_in_state(complete_application, "eligible")
    mail.outbox.clear()

    services.application_transition(
        application=application,
        to_state="rejected",
        actor=officer92,
        reason="Le partenariat local n’est pas assez établi.",
    )

    (email,) = mail.outbox
    assert "Le partenariat local n’est pas assez établi." in email.body
    assert "appeal" in email.body or "recours" in email.body
