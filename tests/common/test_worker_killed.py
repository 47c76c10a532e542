"""Fault injection: a real worker process (``manage.py run_worker``) killed with SIGKILL
while it sends an e-mail, then a new worker started: the e-mail is delivered, once.

The mail server hangs once the message's data has arrived, before accepting it: the
worker is blocked waiting for the ``250`` when it is killed, its task RUNNING. The new
worker sees that the first one is gone (its advisory lock went with its connection),
puts the task back in the queue and sends the message.
"""

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings
from django.core.mail import EmailMessage
from django.db import DatabaseError, connection, transaction
from django_tasks_db.models import DBTaskResult

from common.mail import email_enqueue
from common.models import OutgoingEmail
from tests.mail_queue import DATABASE_TASKS, SmtpServer

pytestmark = pytest.mark.django_db(transaction=True)


def _database_url() -> str:
    """The test database, for the worker processes: the suite's DATABASE_URL with the
    name of the test database."""
    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path=f"/{connection.settings_dict['NAME']}"))


def _worker_env(smtp_port: int) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=_database_url(),
        SECRET_KEY="fault-injection-test-secret-key",
        DEBUG="false",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_USE_TLS="false",
        EMAIL_TIMEOUT="30",
    )
    return env


def _start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "run_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval=0.2",
            "--housekeeping-every=0.5",
        ],
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def _wait_for(
    condition: Callable[[], bool],
    *,
    seconds: float,
    log: Path,
    worker: subprocess.Popen | None = None,
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (worker is None or worker.poll() is None):
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"worker exited or {seconds} s passed; its log:\n{log.read_text()}")


def _unlocked(message_id: str) -> bool:
    try:
        with transaction.atomic():
            OutgoingEmail.objects.select_for_update(nowait=True).get(message_id=message_id)
    except DatabaseError:
        return False
    return True


def test_a_worker_killed_during_a_send_then_restarted_sends_the_mail_once(settings, tmp_path):
    settings.TASKS = DATABASE_TASKS
    server = SmtpServer().start()
    server.hang_next()
    env, log = _worker_env(server.port), tmp_path / "worker.log"
    message_id = email_enqueue(
        message=EmailMessage(subject="Accusé de réception", body="Bonjour", to=["lea@example.org"])
    )
    [task] = DBTaskResult.objects.filter(task_path="common.tasks.send_email")
    workers: list[subprocess.Popen] = []
    try:
        workers.append(_start_worker(env, log))
        _wait_for(server.hanging.is_set, worker=workers[0], seconds=60, log=log)
        task.refresh_from_db()
        assert task.status == "RUNNING"

        workers[0].kill()  # SIGKILL: no handler runs, nothing is cleaned up
        workers[0].wait(10)
        server.release.set()  # the hung session ends, its message never accepted
        task.refresh_from_db()
        assert task.status == "RUNNING" and server.messages == []

        # PostgreSQL ends the killed worker's sessions, and their locks, a moment later.
        _wait_for(lambda: _unlocked(message_id), seconds=30, log=log)
        workers.append(_start_worker(env, log))

        def sent() -> bool:
            task.refresh_from_db()
            return task.status == "SUCCESSFUL"

        _wait_for(sent, worker=workers[1], seconds=60, log=log)
        time.sleep(2)  # a few more rounds of the new worker's housekeeping
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(10)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait()
        server.stop()

    assert server.message_ids() == [message_id]
    assert task.return_value["outcome"] == "sent"
    assert len(set(task.worker_ids)) == 2, "claimed by the killed worker, then the new one"
    assert DBTaskResult.objects.filter(task_path="common.tasks.send_email").count() == 1
    assert OutgoingEmail.objects.get(message_id=message_id).sent_at is not None
