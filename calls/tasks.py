"""Recurring background work of the calls, run by the task worker (``db_worker``).

Each task does its work, then queues its next run (when the backend can defer a task):
``manage.py schedule_tasks`` queues the first run of each, once.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tasks import default_task_backend, task
from django_tasks.base import Task

from calls.retention import applications_purge_expired
from calls.services import application_send_reminders

REMINDERS_EVERY = timedelta(hours=1)
PURGE_EVERY = timedelta(days=1)


def _again(recurring_task: Task[[], Any], every: timedelta) -> None:
    if default_task_backend.supports_defer:
        recurring_task.using(run_after=timezone.now() + every).enqueue()


@task()
def remind_unsubmitted_drafts() -> int:
    """E-mails the applicants of unsubmitted drafts 48 hours before their call closes."""
    sent = application_send_reminders()
    _again(remind_unsubmitted_drafts, REMINDERS_EVERY)
    return sent


@task()
def purge_expired_applications() -> dict[str, int]:
    """Erases the personal data of the applications past their call's retention period."""
    report = applications_purge_expired()
    _again(purge_expired_applications, PURGE_EVERY)
    return {
        "drafts_deleted": report.drafts_deleted,
        "applications_anonymised": report.applications_anonymised,
    }


RECURRING_TASKS: list[Task[[], Any]] = [remind_unsubmitted_drafts, purge_expired_applications]
