"""What the database itself refuses in the calls app."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from calls.models import BudgetLine, Call, CommitteeDecision, CommitteeSession
from tests.factories import ApplicationFactory, BudgetLineFactory, CallFactory


def _refused(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_a_call_closes_after_it_opens(db):
    now = timezone.now()
    _refused(lambda: CallFactory(opens_at=now, closes_at=now))


def test_a_call_needs_applicant_kinds_and_a_capital_prefix(db):
    _refused(lambda: CallFactory(applicant_kinds=[]))
    _refused(lambda: CallFactory(reference_prefix="ajs"))


def test_the_maximum_grant_fits_in_the_envelope_and_the_share_is_a_percentage(db):
    _refused(lambda: CallFactory(envelope=Decimal(1000), max_grant_amount=Decimal(2000)))
    _refused(lambda: CallFactory(max_grant_share=Decimal("100.5")))
    _refused(lambda: CallFactory(min_age=25, max_age=18))
    _refused(lambda: CallFactory(min_team_size=4, max_team_size=3))


def test_a_published_call_has_a_publication_date(db):
    _refused(lambda: CallFactory(state="published", published_at=None))
    assert CallFactory(state="draft", published_at=None).state == "draft"


def test_a_budget_line_is_positive(db):
    _refused(lambda: BudgetLineFactory(amount=Decimal(0)))
    assert BudgetLine.objects.count() == 0


def test_an_application_returns_after_it_leaves_and_grants_stay_within_the_request(db):
    _refused(
        lambda: ApplicationFactory(departure_date=date(2026, 7, 10), return_date=date(2026, 7, 1))
    )
    _refused(
        lambda: ApplicationFactory(requested_amount=Decimal(1000), granted_amount=Decimal(1500))
    )


def test_a_submitted_application_has_a_reference(db):
    _refused(lambda: ApplicationFactory(state="submitted"))


def test_a_rejection_is_motivated_and_has_no_amount(db):
    call = CallFactory()
    session = CommitteeSession.objects.create(call=call, date=timezone.now())
    application = ApplicationFactory(call=call)
    _refused(
        lambda: CommitteeDecision.objects.create(
            session=session, application=application, decision="rejected", motivation=""
        )
    )
    _refused(
        lambda: CommitteeDecision.objects.create(
            session=session, application=application, decision="accepted", amount=None
        )
    )
    assert Call.objects.count() == 1
