"""Queues the first run of every recurring task that is not queued yet.

Run it at each deployment (and `make run` does): it is idempotent. The worker
(`manage.py db_worker`) then runs them, and each task queues its own next run.
"""

from django.core.management.base import BaseCommand
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from calls.tasks import RECURRING_TASKS


class Command(BaseCommand):
    help = "Queues the recurring tasks (reminders, purge of old applications) once."

    def handle(self, *args, **options) -> None:
        for recurring_task in RECURRING_TASKS:
            queued = DBTaskResult.objects.filter(
                task_path=recurring_task.module_path, status=TaskResultStatus.READY
            ).exists()
            if queued:
                self.stdout.write(f"{recurring_task.name}: already queued.")
                continue
            recurring_task.enqueue()
            self.stdout.write(f"{recurring_task.name}: queued.")
