"""Dates out of 1900–2100 are refused next to the field and by the database: a year-1
date-time would be stored as a BC timestamp that psycopg cannot read back, and every page
listing the call would fail (issue 10, item 2)."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from calls import services
from calls.models import Call, CommitteeSession
from tests.calls.test_views_staff import CALL_DATA

YEAR_ONE = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)


@pytest.fixture
def officer(client, officer92):
    client.force_login(officer92)
    return client


def test_a_call_opening_in_year_one_is_refused_next_to_the_field(officer):
    response = officer.post(
        "/espace/92/appels/nouveau/", {**CALL_DATA, "opens_at": "0001-01-01T00:00"}
    )

    assert response.status_code == 200
    assert "opens_at" in response.context["form"].errors
    assert not Call.objects.exists()


def test_a_committee_session_in_year_one_is_refused_next_to_the_field(officer, call92):
    response = officer.post(
        f"/espace/92/appels/{call92.slug}/comites/nouveau/", {"date": "0001-01-01T00:00"}
    )

    assert response.status_code == 200
    assert "date" in response.context["form"].errors
    assert not CommitteeSession.objects.exists()


def test_the_database_refuses_a_call_opening_in_year_one(call92):
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.filter(pk=call92.pk).update(opens_at=YEAR_ONE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.filter(pk=call92.pk).update(
            closes_at=datetime.datetime(2101, 1, 1, 12, tzinfo=datetime.UTC)
        )


def test_the_database_refuses_a_committee_session_in_year_one(call92, officer92):
    session = services.committee_session_create(call=call92, actor=officer92, date=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeSession.objects.filter(pk=session.pk).update(date=YEAR_ONE)
