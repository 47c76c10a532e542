"""The grant of an accepted application: created on acceptance with its advance (70 %)
and balance, instalments marked paid by the staff."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from calls import services
from calls.models import ApplicationState, Grant, InstalmentState
from tests.calls.conftest import put_in_state


@pytest.fixture
def accepted(complete_application, officer92):
    eligible = put_in_state(complete_application, ApplicationState.ELIGIBLE)
    return services.application_transition(
        application=eligible,
        to_state=ApplicationState.ACCEPTED,
        actor=officer92,
        amount=Decimal("1999.99"),
    )


def test_acceptance_creates_the_grant_with_an_advance_and_a_balance(accepted):
    grant = Grant.objects.get(application=accepted)
    assert grant.amount == Decimal("1999.99")
    advance, balance = grant.instalments.order_by("kind")
    # 70 % of 1,999.99 € = 1,399.993 → 1,399.99 €; the balance is the rest, to the cent.
    assert (advance.kind, advance.amount) == ("advance", Decimal("1399.99"))
    assert (balance.kind, balance.amount) == ("balance", Decimal("600.00"))
    assert advance.amount + balance.amount == grant.amount
    assert advance.due_date == timezone.localdate() and balance.due_date is None


def test_staff_mark_an_instalment_paid_once(accepted, officer92, officer94, client_for):
    advance = Grant.objects.get(application=accepted).instalments.get(kind="advance")
    path = (
        f"/espace/92/appels/{accepted.call.slug}/candidatures/{accepted.pk}/"
        f"versements/{advance.pk}/paye/"
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError):
        services.instalment_mark_paid(instalment=advance, actor=officer92, paid_on=tomorrow)
    with pytest.raises(ValidationError):
        services.instalment_mark_paid(
            instalment=advance, actor=officer94, paid_on=timezone.localdate()
        )
    advance.refresh_from_db()
    assert advance.state == InstalmentState.PLANNED

    paid_on = timezone.localdate() - timedelta(days=2)
    response = client_for(officer92).post(path, {"paid_on": paid_on.isoformat()})
    assert response.status_code == 302
    advance.refresh_from_db()
    assert (advance.state, advance.paid_on) == (InstalmentState.PAID, paid_on)
    with pytest.raises(ValidationError):
        services.instalment_mark_paid(
            instalment=advance, actor=officer92, paid_on=timezone.localdate()
        )

    page = client_for(officer92).get(
        f"/espace/92/appels/{accepted.call.slug}/candidatures/{accepted.pk}/"
    )
    assert page.context["grant"].amount == Decimal("1999.99")
    rows = page.context["instalments"]
    assert [(i.kind, form is None) for i, form in rows] == [
        ("advance", True),  # paid: no form any more
        ("balance", False),
    ]
