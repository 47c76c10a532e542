"""E-mails go out through the task queue: retried with back-off while the mail server
refuses, given up with an alert after the last attempt, and sent once."""

import json
import logging
from datetime import timedelta

import pytest
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from common import tasks
from common.mail import email_enqueue, email_from_data, email_to_data, send_templated_mail
from common.models import OutgoingEmail
from common.task_queue import tasks_requeue_stuck
from tests.mail_queue import DATABASE_TASKS, SmtpServer, free_port, run_ready_tasks, smtp_settings

pytestmark = pytest.mark.django_db

SEND_EMAIL = "common.tasks.send_email"


@pytest.fixture
def queue(settings):
    """The database task backend (the tests' settings run tasks where they are queued)."""
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def smtp(settings):
    server = SmtpServer().start()
    smtp_settings(settings, server.port)
    yield server
    server.stop()


def _make_due() -> None:
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def _mail(to: str = "lea@example.org") -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject="Votre candidature", body="Bonjour Léa,\n\nÀ bientôt.", to=[to]
    )
    message.attach_alternative("<p>Bonjour Léa,</p>", "text/html")
    return message


def test_a_message_travels_as_json_with_its_html_part_and_a_fixed_message_id():
    data = email_to_data(_mail())

    rebuilt = email_from_data(json.loads(json.dumps(data))).message()

    assert data["headers"]["Message-ID"].startswith("<")
    assert rebuilt["Message-ID"] == data["headers"]["Message-ID"]
    assert rebuilt["Subject"] == "Votre candidature"
    assert [part.get_content_type() for part in rebuilt.walk()][1:] == [
        "text/plain",
        "text/html",
    ]


def test_an_smtp_server_that_refuses_then_accepts_gets_the_mail_on_retry(queue, smtp):
    smtp.refuse_next(1)
    message_id = email_enqueue(message=_mail())

    [first] = run_ready_tasks()

    assert smtp.messages == []
    assert first.status == "SUCCESSFUL"
    assert first.return_value["outcome"] == "retry"
    retry = DBTaskResult.objects.get(status="READY", task_path=SEND_EMAIL)
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    delay = retry.run_after - first.started_at
    assert tasks.RETRY_DELAYS[0] <= delay < tasks.RETRY_DELAYS[0] + timedelta(seconds=30)
    assert run_ready_tasks() == [], "the retry waits for its time"

    _make_due()
    [second] = run_ready_tasks()

    assert second.return_value["outcome"] == "sent"
    assert smtp.message_ids() == [message_id]
    ledger = OutgoingEmail.objects.get(message_id=message_id)
    assert ledger.sent_at is not None and ledger.attempts == 2 and ledger.failed_at is None


def test_a_mail_refused_at_every_attempt_is_retried_on_the_schedule_then_given_up_with_an_error(
    queue, settings, caplog
):
    smtp_settings(settings, free_port())  # nothing listens there: connection refused
    message_id = email_enqueue(message=_mail())
    delays = []

    for _ in tasks.RETRY_DELAYS:
        [attempt] = run_ready_tasks()
        retry = DBTaskResult.objects.get(status="READY")
        delays.append(retry.run_after - attempt.started_at)
        _make_due()
    with caplog.at_level(logging.WARNING, logger="common.tasks"):
        [last] = run_ready_tasks()

    assert [round(delay / timedelta(minutes=1)) for delay in delays] == [
        round(delay / timedelta(minutes=1)) for delay in tasks.RETRY_DELAYS
    ]
    assert last.status == "FAILED"
    assert last.exception_class_path == "common.tasks.EmailNotSent"
    assert not DBTaskResult.objects.filter(status="READY").exists()
    ledger = OutgoingEmail.objects.get(message_id=message_id)
    assert ledger.sent_at is None and ledger.failed_at is not None
    assert ledger.attempts == len(tasks.RETRY_DELAYS) + 1
    [alert] = [r for r in caplog.records if r.name == "common.tasks" and r.levelname == "ERROR"]
    assert message_id in alert.getMessage() and "lea@example.org" in alert.getMessage()


def test_a_requeued_task_does_not_send_again_a_mail_that_already_left(queue, smtp):
    message_id = email_enqueue(message=_mail())
    [sent] = run_ready_tasks()
    assert smtp.message_ids() == [message_id]
    # As if its worker had been killed after the mail left, before the task was marked.
    DBTaskResult.objects.filter(pk=sent.pk).update(status="RUNNING")

    assert tasks_requeue_stuck() == [str(sent.pk)]
    [again] = run_ready_tasks()

    assert again.return_value["outcome"] == "already sent"
    assert smtp.message_ids() == [message_id]


def test_templated_mails_go_through_the_queue_and_reach_the_server(queue, smtp):
    send_templated_mail(
        to="lea@example.org",
        template="calls/email/draft_reminder",
        context={"call": None, "application": None, "url": "https://example.org/"},
    )
    assert smtp.messages == []

    run_ready_tasks()

    [delivered] = smtp.messages
    assert delivered["To"] == "lea@example.org"


def test_a_task_queued_before_the_upgrade_still_sends_its_mail(smtp):
    result = tasks.send_email.enqueue(subject="Rappel", body="Bonjour", to=["lea@example.org"])

    assert result.return_value["outcome"] == "sent"
    [delivered] = smtp.messages
    assert delivered["Subject"] == "Rappel"


def test_the_ledger_forgets_messages_older_than_its_keeping_period():
    OutgoingEmail.objects.create(message_id="<old@x>", to="a@example.org", subject="s")
    OutgoingEmail.objects.update(created_at=timezone.now() - tasks.KEPT_FOR - timedelta(days=1))
    OutgoingEmail.objects.create(message_id="<new@x>", to="a@example.org", subject="s")

    assert tasks.prune_outgoing_emails.enqueue().return_value == 1
    assert list(OutgoingEmail.objects.values_list("message_id", flat=True)) == ["<new@x>"]


def test_the_admin_lists_the_mails_given_up(client_for, superuser):
    OutgoingEmail.objects.create(
        message_id="<sent@x>", to="a@example.org", subject="Reçu", sent_at=timezone.now()
    )
    OutgoingEmail.objects.create(
        message_id="<lost@x>",
        to="b@example.org",
        subject="Invitation",
        failed_at=timezone.now(),
        attempts=6,
        last_error="SMTPServerDisconnected",
    )

    response = client_for(superuser).get("/admin/common/outgoingemail/?state=failed")

    assert response.status_code == 200
    assert [row.to for row in response.context["cl"].result_list] == ["b@example.org"]


def test_finished_task_results_older_than_the_keeping_period_are_deleted():
    """A sent e-mail's task keeps its whole text in its arguments: personal data."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    def result(status: str, finished_days_ago: int | None) -> DBTaskResult:
        finished = (
            None
            if finished_days_ago is None
            else timezone.now() - timedelta(days=finished_days_ago)
        )
        return DBTaskResult.objects.create(
            status=status,
            finished_at=finished,
            args_kwargs={"args": [], "kwargs": {"message": {"body": "Bonjour Léa"}}},
            task_path="common.tasks.send_email",
            backend_name="default",
            run_after=timezone.now(),
        )

    old_sent = result(TaskResultStatus.SUCCESSFUL, 31)
    old_failed = result(TaskResultStatus.FAILED, 31)
    recent = result(TaskResultStatus.SUCCESSFUL, 2)
    waiting = result(TaskResultStatus.READY, None)

    tasks.prune_finished_task_results.call()

    left = set(DBTaskResult.objects.values_list("id", flat=True))
    assert recent.id in left and waiting.id in left
    assert old_sent.id not in left and old_failed.id not in left
