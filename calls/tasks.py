"""Recurring background work of the calls, run by the task worker (``run_worker``).

Each task queues its next run before doing its work (common.task_queue.recurring_task):
a run that fails or is killed does not stop the series. ``manage.py schedule_tasks``, and
every worker at its start and each minute, queue a run of any of them that has none
waiting.
"""

from datetime import timedelta
from typing import Any

from django_tasks.base import Task

from calls.retention import applications_purge_expired
from calls.services import application_send_reminders
from common.task_queue import recurring_task

REMINDERS_EVERY = timedelta(hours=1)
PURGE_EVERY = timedelta(days=1)


@recurring_task(every=REMINDERS_EVERY)
def remind_unsubmitted_drafts() -> int:
    """E-mails the applicants of unsubmitted drafts 48 hours before their call closes."""
    return application_send_reminders()


@recurring_task(every=PURGE_EVERY)
def purge_expired_applications() -> dict[str, int]:
    """Erases the personal data of the applications past their call's retention period."""
    report = applications_purge_expired()
    return {
        "drafts_deleted": report.drafts_deleted,
        "applications_anonymised": report.applications_anonymised,
    }


RECURRING_TASKS: list[Task[[], Any]] = [remind_unsubmitted_drafts, purge_expired_applications]
