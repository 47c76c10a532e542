"""Queues a run of every recurring task that has none waiting.

Run it at each deployment (and `make run` does): it is idempotent. The worker
(`manage.py run_worker`) runs them; each run queues the next one before its work, and the
worker itself re-seeds any series found without a waiting run (common.task_queue).
"""

from django.core.management.base import BaseCommand

from common.task_queue import recurring_tasks_seed


class Command(BaseCommand):
    help = "Queues the recurring tasks (reminders, purge of old applications…) once."

    def handle(self, *args, **options) -> None:
        for name, queued in recurring_tasks_seed().items():
            self.stdout.write(f"{name}: queued." if queued else f"{name}: already queued.")
