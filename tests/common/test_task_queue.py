"""Tasks left RUNNING by a worker that is gone go back to the queue; those of a live
worker stay with it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from common import task_queue
from common.task_queue import WorkerPresence, tasks_requeue_stuck, worker_id_new

pytestmark = pytest.mark.django_db


def _running(worker_ids: list[str], started_ago: timedelta = timedelta(minutes=1)):
    return DBTaskResult.objects.create(
        task_path="common.tasks.prune_outgoing_emails",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
        status="RUNNING",
        started_at=timezone.now() - started_ago,
        worker_ids=worker_ids,
    )


def _status(task: DBTaskResult) -> str:
    task.refresh_from_db()
    return task.status


def test_a_task_whose_worker_is_gone_goes_back_to_the_queue():
    task = _running([worker_id_new()])  # no worker holds that id's lock

    assert tasks_requeue_stuck() == [str(task.pk)]
    assert _status(task) == "READY"
    assert DBTaskResult.objects.ready().filter(pk=task.pk).exists()


def test_a_task_of_a_live_worker_stays_with_it_until_the_worker_dies():
    worker_id = worker_id_new()
    presence = WorkerPresence(worker_id)
    presence.hold()
    task = _running([worker_id], started_ago=timedelta(days=2))
    try:
        assert tasks_requeue_stuck() == []
        assert _status(task) == "RUNNING"
    finally:
        presence.release()  # the worker stops (killed, its lock goes with its connection)

    assert tasks_requeue_stuck() == [str(task.pk)]


def test_a_task_of_a_worker_of_unknown_liveness_is_requeued_after_the_timeout():
    recent = _running(["a-plain-db-worker"])
    old = _running(
        ["another-db-worker"], started_ago=task_queue.UNKNOWN_WORKER_TIMEOUT + timedelta(minutes=1)
    )

    assert tasks_requeue_stuck() == [str(old.pk)]
    assert _status(recent) == "RUNNING"


def test_a_task_that_took_down_every_worker_that_ran_it_is_given_up(caplog):
    task = _running([worker_id_new() for _ in range(task_queue.MAX_CLAIMS)])

    assert tasks_requeue_stuck() == []

    assert _status(task) == "FAILED"
    assert task.exception_class_path == "common.task_queue.WorkerLost"
    assert any(r.levelname == "ERROR" and str(task.pk) in r.getMessage() for r in caplog.records)


def test_the_requeue_command_puts_the_stranded_tasks_back(capsys):
    task = _running([worker_id_new()])

    call_command("requeue_stuck_tasks")

    assert _status(task) == "READY"
    assert "1 task(s) requeued." in capsys.readouterr().out
