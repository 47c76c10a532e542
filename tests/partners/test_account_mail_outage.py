"""Sign-up and password reset while the mail server is down: the page answers as usual,
and allauth's message, written in the request, goes out once the server is back."""

import re
from email.message import Message
from urllib.parse import urlparse

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from partners.models import User
from tests.factories import UserFactory
from tests.mail_queue import DATABASE_TASKS, SmtpServer, free_port, run_ready_tasks, smtp_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_down(settings):
    """The database task queue, and a mail server that is down (its port refuses
    connections) until the test starts it."""
    settings.TASKS = DATABASE_TASKS
    server = SmtpServer(port=free_port())
    smtp_settings(settings, server.port)
    yield server
    server.stop()


def _text(message: Message) -> str:
    parts = [message] if not message.is_multipart() else list(message.walk())
    return "".join(
        str(part.get_payload(decode=True).decode())
        for part in parts
        if part.get_content_type() == "text/plain"
    )


def _deliver_after_outage(server: SmtpServer) -> Message:
    """The worker tries while the server is down, then again once it is up."""
    [attempt] = run_ready_tasks()
    assert attempt.return_value["outcome"] == "retry"
    assert server.messages == []

    server.start()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_ready_tasks()

    [delivered] = server.messages
    return delivered


def test_sign_up_answers_its_usual_page_while_the_mail_server_is_down_and_the_mail_goes_later(
    smtp_down,
):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    response = client.post(
        "/compte/signup/",
        {
            "email": "nouvelle@example.org",
            "password1": "une phrase de passe solide 2026",
            "password2": "une phrase de passe solide 2026",
        },
    )

    assert response.status_code == 302
    assert User.objects.filter(email="nouvelle@example.org").exists()
    delivered = _deliver_after_outage(smtp_down)
    assert delivered["To"] == "nouvelle@example.org"
    assert "Confirm" in delivered["Subject"], "written in the request's language"
    [link] = re.findall(r"https?://\S*/compte/confirm-email/\S+", _text(delivered))
    assert client.get(urlparse(link).path).status_code == 200


def test_password_reset_answers_its_usual_page_while_the_mail_server_is_down_and_mail_goes_later(
    smtp_down,
):
    UserFactory(email="lea@example.org")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    response = client.post("/compte/password/reset/", {"email": "lea@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/compte/password/reset/done/"
    delivered = _deliver_after_outage(smtp_down)
    assert delivered["To"] == "lea@example.org"
    assert re.search(r"/compte/password/reset/key/\S+", _text(delivered))
