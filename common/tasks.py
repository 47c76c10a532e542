"""Background work of the toolkit: sending the e-mails (once, with retries), and keeping
the ledger of sent e-mails short.

How an e-mail goes out (``send_email``):

1. Its ledger row (common.models.OutgoingEmail, keyed by the message's Message-ID) is
   locked for the time of the sending (``SELECT … FOR UPDATE SKIP LOCKED``). Held by
   another worker: the task looks again a minute later. Already marked sent (the task is
   a requeued or repeated run): nothing is sent again.
2. The message goes to the mail server (``settings.EMAIL_TIMEOUT`` bounds every exchange
   with it) and, in the same transaction, the row is marked sent. A worker killed before
   that commit leaves the row unmarked and its lock released: the requeued task sends the
   message (a server that had already accepted it then gets it twice, with the same
   Message-ID: the only duplicate possible, and better than a lost mail).
3. A refusal or a network error (any ``smtplib.SMTPException`` or ``OSError``, timeouts
   included) queues a new attempt after the next delay of ``RETRY_DELAYS``; the attempt
   ends SUCCESSFUL with a return value that says so (it did what it had to), and the
   error is logged at WARNING. After the last delay, or at once for an error no retry
   can cure (a recipient refused for good, 5xx; a malformed message), the e-mail is
   given up: logged at ERROR on the ``common.tasks`` logger (the alert: settings LOGGING),
   its ledger row marked ``failed_at``, and its task FAILED with the traceback, visible in
   the admin (Task results, filtered by status; Outgoing e-mails).
"""

import logging
import smtplib
from datetime import timedelta
from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from common.mail import email_from_data, email_message_id, email_to_data
from common.models import OutgoingEmail
from common.task_queue import recurring_task

logger = logging.getLogger("common.tasks")

RETRY_DELAYS: tuple[timedelta, ...] = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
"""The wait before each new attempt: 6 attempts over about 15 hours, then given up."""
RECHECK_DELAY = timedelta(minutes=1)
"""The wait before looking again at a message another worker is sending."""
KEPT_FOR = timedelta(days=30)
"""How long the ledger remembers a message (far beyond the last retry)."""

RETRYABLE = (smtplib.SMTPException, OSError)


class EmailNotSent(Exception):
    """The e-mail was given up (the task's FAILED result carries it)."""


def _refused_for_good(error: BaseException) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return not isinstance(error, RETRYABLE)


def _defer(*, message: dict[str, Any], attempt: int, delay: timedelta) -> str | None:
    """Queues ``send_email`` again after ``delay``; None where tasks cannot wait (the
    immediate backend)."""
    if not send_email.get_backend().supports_defer:
        return None
    run_after = timezone.now() + delay
    send_email.using(run_after=run_after).enqueue(message=message, attempt=attempt)
    return run_after.isoformat()


@task()
def send_email(
    *,
    message: dict[str, Any] | None = None,
    attempt: int = 1,
    subject: str = "",
    body: str = "",
    to: list[str] | None = None,
) -> dict[str, Any]:
    """Sends one e-mail given as data (common.mail.email_to_data), once; ``attempt``
    counts the tries (see the module's docstring).

    ``subject``, ``body`` and ``to`` are the arguments of the tasks queued before the
    message became data: a queue kept across the upgrade still sends them."""
    if message is None:
        message = email_to_data(EmailMessage(subject=subject, body=body, to=to or []))
    message_id = email_message_id(message)
    recipients = [*message.get("to", []), *message.get("cc", []), *message.get("bcc", [])]
    ledger, _ = OutgoingEmail.objects.get_or_create(
        message_id=message_id,
        defaults={"to": ", ".join(recipients), "subject": message["subject"]},
    )
    result = {"message_id": message_id, "attempt": attempt}
    with transaction.atomic():
        entry = OutgoingEmail.objects.select_for_update(skip_locked=True).filter(pk=ledger.pk)
        locked = entry.first()
        if locked is None:
            again = _defer(message=message, attempt=attempt, delay=RECHECK_DELAY)
            return {**result, "outcome": "being sent by another worker", "next_check": again}
        if locked.sent_at is not None:
            return {**result, "outcome": "already sent", "sent_at": locked.sent_at.isoformat()}
        try:
            email_from_data(message).send()
        except Exception as exc:
            error: Exception = exc
        else:
            locked.sent_at = timezone.now()
            locked.attempts = attempt
            locked.last_error = ""
            locked.save(update_fields=["sent_at", "attempts", "last_error"])
            return {**result, "outcome": "sent"}

    described = f"{type(error).__name__}: {error}"
    retry_at = None
    if not _refused_for_good(error) and attempt <= len(RETRY_DELAYS):
        retry_at = _defer(message=message, attempt=attempt + 1, delay=RETRY_DELAYS[attempt - 1])
    OutgoingEmail.objects.filter(pk=ledger.pk).update(
        attempts=attempt,
        last_error=described[:2000],
        failed_at=None if retry_at else timezone.now(),
    )
    if retry_at:
        logger.warning(
            "E-mail %s to %s not sent (attempt %d): %s; next attempt at %s.",
            message_id,
            ledger.to,
            attempt,
            described,
            retry_at,
        )
        return {**result, "outcome": "retry", "error": described, "next_attempt_at": retry_at}
    logger.error(
        "E-mail %s to %s (%r) given up after %d attempt(s): %s",
        message_id,
        ledger.to,
        ledger.subject,
        attempt,
        described,
    )
    raise EmailNotSent(f"{message_id} to {ledger.to}: {described}") from error


@recurring_task(every=timedelta(days=1))
def prune_outgoing_emails() -> int:
    """Forgets the messages of the ledger older than ``KEPT_FOR``; returns how many."""
    deleted, _ = OutgoingEmail.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    return deleted


@recurring_task(every=timedelta(days=1))
def prune_finished_task_results() -> int:
    """Deletes the results of tasks finished more than ``KEPT_FOR`` ago; returns how many.

    A result keeps its arguments: a sent e-mail's whole text (names, addresses, messages),
    personal data that must not outlive the retention of what it was about."""
    finished = [TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]
    deleted, _ = DBTaskResult.objects.filter(
        status__in=finished, finished_at__lt=timezone.now() - KEPT_FOR
    ).delete()
    return deleted
