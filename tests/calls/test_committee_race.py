"""Two decisions recorded at the same moment never both take the last of the envelope."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from calls import services
from calls.models import Application, ApplicationState, CommitteeDecision
from tests.calls.conftest import make_complete_application, put_in_state
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_simultaneous_decisions_cannot_overrun_the_envelope(call92, officer92, sdg):
    """Envelope 60,000 €, 56,000 € granted: 4,000 € left; four sessions' officers each
    grant 2,000 € at the same moment: exactly two fit."""
    call92.max_grant_amount = None
    call92.save(update_fields=["max_grant_amount"])
    funded = put_in_state(
        make_complete_application(call92, UserFactory(), sdg), ApplicationState.ELIGIBLE
    )
    Application.objects.filter(pk=funded.pk).update(
        state=ApplicationState.ACCEPTED, requested_amount=56000, granted_amount=56000
    )
    pairs = []
    for _ in range(4):
        application = put_in_state(
            make_complete_application(call92, UserFactory(), sdg), ApplicationState.ELIGIBLE
        )
        session = services.committee_session_create(
            call=call92, actor=officer92, date=timezone.now()
        )
        pairs.append((session, application))
    barrier = threading.Barrier(len(pairs))
    refused, errors = [], []

    def decide(session, application) -> None:
        try:
            barrier.wait(timeout=10)
            services.committee_decision_record(
                session=session,
                application=application,
                actor=officer92,
                decision="accepted",
                amount=Decimal("2000"),
            )
        except ValidationError:
            refused.append(application.pk)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(refused) == 2
    assert CommitteeDecision.objects.count() == 2
