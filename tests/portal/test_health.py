"""The health endpoints: /sante/ answers without touching anything (the bench's floor);
/sante/complet/ checks the database and the task queue and says which part failed."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from portal.views import health

pytestmark = pytest.mark.django_db


def _ready_task(enqueued_ago: timedelta) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        task_path="partners.tasks.send_mail",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - enqueued_ago)
    return task


def test_the_trivial_health_view_touches_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(reverse("portal:health")).status_code == 200


def test_full_health_check_says_ok_when_the_database_and_the_queue_are_fine(client):
    _ready_task(timedelta(minutes=1))  # queued a minute ago: the worker is not late

    response = client.get(reverse("portal:health_full"))

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "tasks": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_full_health_check_fails_on_a_task_waiting_beyond_the_bound(client):
    _ready_task(health.TASK_WAIT_BOUND + timedelta(minutes=1))

    response = client.get(reverse("portal:health_full"))

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "tasks": "failed"}
    assert "no-store" in response["Cache-Control"]


def test_full_health_check_counts_the_wait_from_the_time_a_task_may_run(client):
    task = _ready_task(timedelta(days=2))
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now() + timedelta(hours=1))

    assert client.get(reverse("portal:health_full")).status_code == 200


def test_full_health_check_fails_when_the_database_does_not_answer(client, monkeypatch):
    def unreachable() -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(health, "select_one", unreachable)

    response = client.get(reverse("portal:health_full"))

    assert response.status_code == 503
    assert response.json()["database"] == "failed"
