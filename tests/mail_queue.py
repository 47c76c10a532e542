"""Test helpers for the mail queue: a real little SMTP server on 127.0.0.1, and the
database task backend's queue run in the test's own process.

``SmtpServer`` speaks enough SMTP for smtplib (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP,
QUIT), in a thread per connection, and can misbehave on demand: refuse the next
connections (``421`` greeting: the server is busy), or hang on the next message once its
data has arrived, before accepting it (``hang_next``): the client, blocked waiting for
the ``250``, can then be killed. A message counts as delivered only once the ``250``
after its data is written, as a real mail server accepts it.
"""

import email
import socket
import socketserver
import threading
from email.message import Message
from typing import Any

from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Handler(socketserver.StreamRequestHandler):
    server: "_Server"

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())
        self.wfile.flush()

    def handle(self) -> None:
        smtp = self.server.smtp
        if smtp.take_refusal():
            self.reply("421 4.3.2 Service not available, try again later")
            return
        self.reply("220 localhost ESMTP test server")
        sender, recipients = "", []
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip()
            verb = command[:4].upper()
            if verb in {"EHLO", "HELO"}:
                self.reply("250-localhost" if verb == "EHLO" else "250 localhost")
                if verb == "EHLO":
                    self.reply("250 8BITMIME")
            elif verb == "MAIL":
                sender, recipients = command[10:].strip(" <>"), []
                self.reply("250 2.1.0 Ok")
            elif verb == "RCPT":
                recipients.append(command[8:].strip(" <>"))
                self.reply("250 2.1.5 Ok")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = self.read_data()
                if data is None:
                    return
                if smtp.take_hang():
                    smtp.hanging.set()
                    smtp.release.wait(60)
                    return  # never accepted: the client was gone
                smtp.deliver(data, sender=sender, recipients=recipients)
                self.reply("250 2.0.0 Ok: queued")
            elif verb in {"RSET", "NOOP"}:
                self.reply("250 2.0.0 Ok")
            elif verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            else:
                self.reply("502 5.5.2 Command not recognized")

    def read_data(self) -> bytes | None:
        lines = []
        while line := self.rfile.readline():
            if line in {b".\r\n", b".\n"}:
                return b"".join(lines)
            lines.append(line[1:] if line.startswith(b"..") else line)
        return None


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    smtp: "SmtpServer"


class SmtpServer:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.messages: list[Message] = []
        self.envelopes: list[dict[str, Any]] = []
        self.refusals = 0
        self.hangs = 0
        self.hanging = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()
        self._server: _Server | None = None

    def start(self) -> "SmtpServer":
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.smtp = self
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def refuse_next(self, count: int) -> None:
        with self._lock:
            self.refusals = count

    def hang_next(self) -> None:
        with self._lock:
            self.hangs = 1

    def take_refusal(self) -> bool:
        with self._lock:
            if self.refusals:
                self.refusals -= 1
                return True
            return False

    def take_hang(self) -> bool:
        with self._lock:
            if self.hangs:
                self.hangs -= 1
                return True
            return False

    def deliver(self, data: bytes, *, sender: str, recipients: list[str]) -> None:
        with self._lock:
            self.messages.append(email.message_from_bytes(data))
            self.envelopes.append({"from": sender, "to": recipients})

    def message_ids(self) -> list[str]:
        with self._lock:
            return [str(message["Message-ID"]) for message in self.messages]


def smtp_settings(settings: Any, port: int) -> None:
    """Points Django's SMTP backend at 127.0.0.1:port (pytest-django ``settings``)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5


def run_ready_tasks(worker_id: str = "w:test:0:inprocess") -> list[DBTaskResult]:
    """Runs the tasks that are due, as ``db_worker --batch`` would (claim, run, record),
    in this process and inside the test's transaction; returns them, refreshed."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    done = []
    while True:
        with transaction.atomic():
            row = DBTaskResult.objects.ready().get_locked()
            if row is None:
                break
            row.claim(worker_id)
        worker.run_task(row)
        row.refresh_from_db()
        done.append(row)
    return done
