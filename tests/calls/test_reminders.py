"""The e-mail reminder of an unsubmitted draft, 48 hours before the call closes."""

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from calls import services
from calls.models import Call
from tests.factories import ApplicationFactory, CallFactory


def test_a_draft_is_reminded_once_48_hours_before_the_closing_time(call92, dept92):
    Call.objects.filter(pk=call92.pk).update(closes_at=timezone.now() + timedelta(hours=47))
    draft = ApplicationFactory(call=call92)
    later_call = CallFactory(department=dept92, closes_at=timezone.now() + timedelta(days=5))
    ApplicationFactory(call=later_call)  # closes in five days: not yet
    mail.outbox.clear()

    assert services.application_send_reminders() == 1
    assert services.application_send_reminders() == 0

    (email,) = mail.outbox
    assert email.to == [draft.applicant.email]
    assert call92.title in email.subject
    assert f"/compte/candidatures/{draft.pk}/" in email.body
    draft.refresh_from_db()
    assert draft.reminder_sent_at is not None


def test_submitted_applications_and_closed_calls_get_no_reminder(
    call92, complete_application, young_applicant
):
    services.application_submit(application=complete_application, actor=young_applicant)
    Call.objects.filter(pk=call92.pk).update(closes_at=timezone.now() + timedelta(hours=10))
    mail.outbox.clear()

    out = StringIO()
    call_command("send_draft_reminders", stdout=out)

    assert mail.outbox == []
    assert out.getvalue().startswith("0 ")
