"""Puts back to READY the tasks left RUNNING by a worker that is gone, and queues a run of
every recurring task that has none waiting (what each `run_worker` does every minute)."""

from django.core.management.base import BaseCommand

from common.task_queue import recurring_tasks_seed, tasks_requeue_stuck


class Command(BaseCommand):
    help = "Requeues the tasks of vanished workers and re-seeds the recurring tasks."

    def handle(self, *args: object, **options: object) -> None:
        requeued = tasks_requeue_stuck()
        self.stdout.write(f"{len(requeued)} task(s) requeued.")
        for name, queued in recurring_tasks_seed().items():
            if queued:
                self.stdout.write(f"{name}: queued.")
