"""The task worker to run: django-tasks-db's `db_worker`, plus what keeps the queue whole.

At its start and every ``--housekeeping-every`` seconds (60) it requeues the tasks of
vanished workers and queues a run of every recurring task that has none waiting; for its
whole life it holds the advisory lock that tells the other workers it is alive
(common.task_queue). Same options as `db_worker` otherwise. `--worker-id`, when given,
should keep the ``w:`` prefix, or the worker counts as one of unknown liveness.
"""

import logging
import os
import threading
import time
from argparse import ArgumentParser
from typing import Any

from django.db import close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from common.task_queue import WorkerPresence, queue_housekeeping, worker_id_new

logger = logging.getLogger("common.tasks")


def _housekeeping_once() -> None:
    try:
        queue_housekeeping()
    except Exception:
        # The database may be down for a while: the next round tries again.
        logger.exception("Task queue housekeeping failed.")
    finally:
        close_old_connections()


def _housekeeping_loop(presence: WorkerPresence, every: float) -> None:
    while True:
        time.sleep(every)
        try:
            presence.ensure()
        except Exception:
            logger.exception("Worker %s: presence lock not taken.", presence.worker_id)
        _housekeeping_once()


class Command(db_worker.Command):
    help = "Runs the task worker, requeuing the tasks of vanished workers."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=None)
        parser.add_argument(
            "--housekeeping-every",
            type=float,
            default=60.0,
            help="Seconds between two rounds of requeuing and re-seeding (default: 60).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        every = options.pop("housekeeping_every")
        reloader_parent = options["reload"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if not reloader_parent:
            # The process that runs tasks (with --reload, the reloader's child).
            options["worker_id"] = options["worker_id"] or worker_id_new()
            presence = WorkerPresence(options["worker_id"])
            presence.hold()
            _housekeeping_once()
            threading.Thread(
                target=_housekeeping_loop,
                args=(presence, every),
                name="task-queue-housekeeping",
                daemon=True,
            ).start()
        super().handle(*args, **options)
