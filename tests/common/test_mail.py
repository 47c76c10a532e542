"""E-mails written from templates: what reaches the mail server."""

import pytest
from django.core import mail

from common.mail import send_templated_mail
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "title",
    [
        "Initiatives\r\njeunes solidaires",
        "Initiatives\njeunes solidaires",
        "Initiatives \r jeunes solidaires",
        "Initiatives\u2028jeunes\x0bsolidaires",
    ],
)
def test_a_title_with_line_breaks_still_sends_the_mail_with_a_one_line_subject(title):
    call = CallFactory(title=title)

    send_templated_mail(
        to="lea@example.org",
        template="calls/email/draft_reminder",
        context={"call": call, "application": None, "url": "https://example.org/"},
    )

    [message] = mail.outbox
    assert message.to == ["lea@example.org"]
    assert "Initiatives jeunes solidaires" in message.subject
    assert not any(char in message.subject for char in "\r\n\x0b\u2028")
    # The message as it goes out builds (Django refuses a header with a newline).
    assert message.message()["Subject"]
