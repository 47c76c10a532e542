"""The recurring tasks (hourly reminders, daily purge) keep running whatever befalls one
run: the next run is queued before the work, and a series found without a waiting run
is queued again."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from calls import tasks
from common.task_queue import recurring_tasks_seed, tasks_requeue_stuck, worker_id_new
from tests.mail_queue import DATABASE_TASKS, run_ready_tasks

pytestmark = pytest.mark.django_db

PURGE = tasks.purge_expired_applications.module_path
REMINDERS = tasks.remind_unsubmitted_drafts.module_path


@pytest.fixture(autouse=True)
def queue(settings):
    settings.TASKS = DATABASE_TASKS


def _waiting(path: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=path, status="READY"))


def test_a_recurring_task_that_raises_still_has_its_next_run_queued(monkeypatch):
    def broken_purge():
        raise RuntimeError("the purge failed")

    monkeypatch.setattr(tasks, "applications_purge_expired", broken_purge)
    tasks.purge_expired_applications.enqueue()

    [run] = run_ready_tasks()

    assert run.status == "FAILED"
    [next_run] = _waiting(PURGE)
    delay = next_run.run_after - run.started_at
    assert tasks.PURGE_EVERY <= delay < tasks.PURGE_EVERY + timedelta(minutes=1)


def test_a_run_killed_mid_work_leaves_its_next_run_queued_and_is_run_again_once():
    tasks.remind_unsubmitted_drafts.enqueue()
    [run] = run_ready_tasks()
    assert run.status == "SUCCESSFUL"
    [next_run] = _waiting(REMINDERS)
    # As if the worker had been killed during the reminders: the run stays RUNNING.
    DBTaskResult.objects.filter(pk=run.pk).update(status="RUNNING", worker_ids=[worker_id_new()])

    assert tasks_requeue_stuck() == [str(run.pk)]
    run_ready_tasks()

    assert [task.pk for task in _waiting(REMINDERS)] == [next_run.pk], "no second series"


def test_schedule_tasks_queues_each_recurring_task_once(capsys):
    call_command("schedule_tasks")
    call_command("schedule_tasks")

    assert len(_waiting(PURGE)) == 1 and len(_waiting(REMINDERS)) == 1
    out = capsys.readouterr().out
    assert "purge_expired_applications: queued." in out
    assert "purge_expired_applications: already queued." in out


def test_a_series_left_without_a_waiting_run_is_queued_again():
    call_command("schedule_tasks")
    DBTaskResult.objects.filter(task_path=PURGE).update(status="FAILED")

    assert recurring_tasks_seed()["purge_expired_applications"] is True
    assert len(_waiting(PURGE)) == 1
