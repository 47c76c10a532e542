"""Keeping the database task queue (django-tasks-db) whole: no task is stranded.

django-tasks-db marks a task RUNNING when a worker claims it, and only its worker ever
marks it finished: a worker killed mid-task (``kill -9``, out of memory, a machine
rebooted) would leave it RUNNING forever, and a recurring task that queued its next run
only after its work would never run again. Three things here prevent it:

- **Live workers are known.** A worker started by ``manage.py run_worker`` takes a
  worker id of the form ``w:<host>:<pid>:<random>`` and holds, for its whole life, a
  PostgreSQL session advisory lock derived from that id, on a connection of its own
  (``WorkerPresence``). PostgreSQL drops the lock the moment that connection dies,
  whatever killed the process, and on whichever machine it ran.
- **Stranded tasks are requeued** (``tasks_requeue_stuck``): a RUNNING task whose worker
  no longer holds its lock goes back to READY; one claimed by a worker of unknown
  liveness (a plain ``db_worker``) goes back after ``UNKNOWN_WORKER_TIMEOUT``. A task
  that has taken down ``MAX_CLAIMS`` workers is marked FAILED instead (logged at ERROR):
  it would kill every worker in turn. ``run_worker`` requeues at its start and every
  minute; ``manage.py requeue_stuck_tasks`` does it once (cron, operations).
- **Recurring tasks survive** (``recurring_task``): each run queues its next run *before*
  doing its work, so neither an exception nor a killed run stops the series; and
  ``recurring_tasks_seed`` (``schedule_tasks``, the worker's start and its minute) queues
  a run of every recurring task that has none waiting.

Tasks must therefore bear being run again (at least once, never lost): the e-mails check
their ledger before sending (common.tasks.send_email), the reminders and the purge are
idempotent.
"""

import contextlib
import functools
import logging
import os
import socket
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.module_loading import autodiscover_modules
from django_tasks import task
from django_tasks.base import Task, TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("common.tasks")

T = TypeVar("T")

WORKER_ID_PREFIX = "w:"
# The first key of the workers' advisory locks ("TASK"): keeps them apart from any other
# advisory lock of the database.
WORKER_LOCK_CLASS = 0x5441534B
# A worker that holds no lock (a plain `db_worker`): its task is presumed lost after this.
UNKNOWN_WORKER_TIMEOUT = timedelta(hours=1)
# A task claimed this many times, each by a worker that then vanished, is given up.
MAX_CLAIMS = 5


class WorkerLost(Exception):
    """Recorded on a task given up because the workers that ran it kept vanishing."""


# Workers


def worker_id_new() -> str:
    """A worker id that says where the worker runs (at most 64 characters)."""
    return f"{WORKER_ID_PREFIX}{socket.gethostname()[:32]}:{os.getpid()}:{get_random_string(8)}"


def _lock_key(worker_id: str) -> int:
    return zlib.crc32(worker_id.encode()) & 0x7FFFFFFF


class WorkerPresence:
    """The advisory lock that says a worker is alive, on a database connection of its own
    (the worker's ORM connection is closed and reopened between tasks; this one is not).

    ``ensure`` (called every minute) reopens the connection and takes the lock again if
    the database was restarted in between."""

    def __init__(self, worker_id: str, using: str = DEFAULT_DB_ALIAS) -> None:
        self.worker_id = worker_id
        self.using = using
        self._connection: BaseDatabaseWrapper | None = None

    def hold(self) -> None:
        self.release()
        self._connection = connections.create_connection(self.using)
        # Taken in the worker's main thread, checked by its housekeeping thread.
        self._connection.inc_thread_sharing()
        with self._connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_lock(%s, %s)", [WORKER_LOCK_CLASS, _lock_key(self.worker_id)]
            )

    def ensure(self) -> None:
        try:
            assert self._connection is not None
            with self._connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception:  # the connection is gone, and the lock with it
            logger.warning("Worker %s: presence lock lost, taken again.", self.worker_id)
            self.hold()

    def release(self) -> None:
        """Gives the lock back now (PostgreSQL would, a moment after the connection
        closes), then closes the connection."""
        if self._connection is not None:
            # A dead connection has no lock left to give back, nothing left to close.
            with contextlib.suppress(Exception), self._connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock_all()")
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None


def _live_worker_keys() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND classid = %s AND objsubid = 2",
            [WORKER_LOCK_CLASS],
        )
        return {int(row[0]) for row in cursor.fetchall()}


def _worker_gone(worker_id: str, started_at: Any, live: set[int]) -> bool:
    if worker_id.startswith(WORKER_ID_PREFIX):
        return _lock_key(worker_id) not in live
    return started_at is None or started_at < timezone.now() - UNKNOWN_WORKER_TIMEOUT


def tasks_requeue_stuck() -> list[str]:
    """Puts back to READY the RUNNING tasks whose worker is gone; returns their ids.

    A task taken by ``MAX_CLAIMS`` vanished workers is marked FAILED instead, with an
    ERROR in the log. The update is conditional on the claim read (status and start
    time): a worker finishing the task meanwhile wins."""
    live = _live_worker_keys()
    requeued = []
    for stuck in DBTaskResult.objects.running():
        worker_id = stuck.worker_ids[-1] if stuck.worker_ids else ""
        if not _worker_gone(worker_id, stuck.started_at, live):
            continue
        same_claim = DBTaskResult.objects.filter(
            pk=stuck.pk, status=TaskResultStatus.RUNNING, started_at=stuck.started_at
        )
        if len(stuck.worker_ids) >= MAX_CLAIMS:
            error = WorkerLost(
                f"{len(stuck.worker_ids)} workers vanished while running this task; "
                "it is not run again."
            )
            if same_claim.exists():
                stuck.set_failed(error)
                logger.error("Task id=%s path=%s given up: %s", stuck.pk, stuck.task_path, error)
            continue
        if same_claim.update(status=TaskResultStatus.READY, started_at=None):
            logger.warning(
                "Task id=%s path=%s requeued: its worker %s is gone.",
                stuck.pk,
                stuck.task_path,
                worker_id or "(unknown)",
            )
            requeued.append(str(stuck.pk))
    return requeued


# Recurring tasks


@dataclass(frozen=True)
class Recurring:
    task: Task[[], Any]
    every: timedelta


RECURRING: dict[str, Recurring] = {}
"""The recurring tasks, by task path, filled by ``recurring_task`` when the ``tasks``
modules of the apps are imported (``recurring_tasks_discover``)."""


def _waiting_run_exists(recurring_task: Task[[], Any]) -> bool:
    return DBTaskResult.objects.filter(
        task_path=recurring_task.module_path,
        backend_name=recurring_task.backend,
        status=TaskResultStatus.READY,
    ).exists()


def _queues_runs(recurring_task: Task[[], Any]) -> bool:
    """Whether runs can wait in a queue (the database backend); the immediate backend
    (tests, a development setup without a worker) runs a task where it is queued."""
    return isinstance(recurring_task.get_backend(), DatabaseBackend)


def recurring_queue_next(recurring: Recurring) -> None:
    """Queues the next run ``every`` from now, unless a run is already waiting (a
    requeued run finds the next one its first attempt queued)."""
    if not _queues_runs(recurring.task) or _waiting_run_exists(recurring.task):
        return
    recurring.task.using(run_after=timezone.now() + recurring.every).enqueue()


def recurring_task(*, every: timedelta) -> Callable[[Callable[[], T]], Task[[], T]]:
    """Makes a function without arguments a task that runs every ``every``.

    Each run first queues the next one (``recurring_queue_next``), then does its work: a
    run that raises or is killed does not end the series. ``recurring_tasks_seed``
    queues the first run."""

    def decorate(func: Callable[[], T]) -> Task[[], T]:
        @functools.wraps(func)
        def run() -> T:
            recurring_queue_next(recurring)
            return func()

        recurring = Recurring(task=task()(run), every=every)
        RECURRING[recurring.task.module_path] = recurring
        return recurring.task

    return decorate


def recurring_tasks_discover() -> list[Recurring]:
    """Imports the ``tasks`` module of every installed app; returns the recurring tasks."""
    autodiscover_modules("tasks")
    return list(RECURRING.values())


def recurring_tasks_seed() -> dict[str, bool]:
    """Queues a run now of every recurring task that has none waiting; returns, per task
    name, whether a run was queued. Idempotent."""
    queued = {}
    for recurring in recurring_tasks_discover():
        missing = _queues_runs(recurring.task) and not _waiting_run_exists(recurring.task)
        if missing:
            recurring.task.enqueue()
        queued[recurring.task.name] = missing
    return queued


def queue_housekeeping() -> None:
    """What a worker does at its start and every minute: requeue, then seed."""
    tasks_requeue_stuck()
    recurring_tasks_seed()
