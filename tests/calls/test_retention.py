"""Personal data of applications are erased past their call's retention period."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from calls import tasks
from calls.models import Application, ApplicationDocument, Message, TeamMember
from calls.retention import add_months, applications_purge_expired, retention_end
from tests.factories import ApplicationFactory, CallFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _closed_call(*, days_ago: int, retention_months: int = 12):
    closes_at = timezone.now() - timedelta(days=days_ago)
    return CallFactory(
        opens_at=closes_at - timedelta(days=60),
        closes_at=closes_at,
        state="closed",
        retention_months=retention_months,
    )


def _submitted(call, reference: str) -> Application:
    application = ApplicationFactory(
        call=call,
        state="rejected",
        reference=reference,
        carrier_kind="individual",
        carrier_name="Léa Dupont",
        carrier_details="12 rue de la Paix, 92000 Nanterre, 06 12 34 56 78",
        requested_amount=Decimal("3000"),
        submitted_snapshot={"members": [{"first_name": "Léa"}]},
        submitted_at=call.closes_at - timedelta(days=2),
    )
    TeamMemberFactory(application=application, first_name="Léa", last_name="Dupont")
    TeamMemberFactory(application=application, first_name="Hugo", gender="male")
    ApplicationDocument.objects.create(
        application=application,
        original_name="cni.pdf",
        size=len(PDF),
        uploaded_by=application.applicant,
        file=ContentFile(PDF, name="cni.pdf"),
    )
    Message.objects.create(
        application=application, author=application.applicant, body="Mon numéro : 0612345678"
    )
    return application


def test_the_retention_period_counts_calendar_months_in_paris_time():
    closing = datetime(2025, 8, 31, 12, 0, tzinfo=PARIS)
    assert add_months(closing, 6) == datetime(2026, 2, 28, 12, 0, tzinfo=PARIS)
    assert add_months(closing, 24) == datetime(2027, 8, 31, 12, 0, tzinfo=PARIS)
    call = _closed_call(days_ago=10, retention_months=3)
    assert retention_end(call=call) > call.closes_at + timedelta(days=88)


def test_expired_applications_lose_their_personal_data_and_keep_their_figures():
    call = _closed_call(days_ago=400, retention_months=12)
    application = _submitted(call, "AJS-2024-0001")
    stored = application.documents.get().file
    assert stored.storage.exists(stored.name)

    report = applications_purge_expired()

    assert report.applications_anonymised == 1 and report.drafts_deleted == 0
    application.refresh_from_db()
    assert application.anonymised_at is not None
    assert application.carrier_name == "—" and application.carrier_details == ""
    assert application.submitted_snapshot is None
    assert not application.documents.exists() and not application.messages.exists()
    assert not stored.storage.exists(stored.name)
    members = TeamMember.objects.filter(application=application)
    assert {member.last_name for member in members} == {""}
    assert {member.birth_date for member in members} == {None}
    # What the statistics need stays.
    assert application.reference == "AJS-2024-0001" and application.state == "rejected"
    assert application.requested_amount == Decimal("3000")
    assert sorted(member.gender for member in members) == ["female", "male"]
    assert not Application.history.filter(id=application.pk, carrier_name="Léa Dupont").exists()


def test_expired_drafts_are_deleted():
    call = _closed_call(days_ago=400, retention_months=12)
    draft = ApplicationFactory(call=call)
    TeamMemberFactory(application=draft)

    report = applications_purge_expired()

    assert report.drafts_deleted == 1
    assert not Application.objects.filter(pk=draft.pk).exists()


def test_applications_within_their_retention_period_are_kept():
    call = _closed_call(days_ago=300, retention_months=12)
    application = _submitted(call, "AJS-2025-0001")
    draft = ApplicationFactory(call=call)

    report = applications_purge_expired()

    assert report == type(report)(drafts_deleted=0, applications_anonymised=0)
    application.refresh_from_db()
    assert application.carrier_name == "Léa Dupont" and application.documents.exists()
    assert Application.objects.filter(pk=draft.pk).exists()


def test_a_second_purge_finds_nothing_more():
    call = _closed_call(days_ago=400, retention_months=12)
    _submitted(call, "AJS-2024-0002")
    applications_purge_expired()
    again = applications_purge_expired()
    assert again.applications_anonymised == 0 and again.drafts_deleted == 0


def test_the_purge_runs_as_a_task_and_as_a_command(capsys):
    call = _closed_call(days_ago=400, retention_months=12)
    _submitted(call, "AJS-2024-0003")
    ApplicationFactory(call=call)

    result = tasks.purge_expired_applications.enqueue()
    assert result.return_value == {"drafts_deleted": 1, "applications_anonymised": 1}

    call_command("purge_applications")
    assert "0 draft(s) deleted, 0 application(s) anonymised." in capsys.readouterr().out
