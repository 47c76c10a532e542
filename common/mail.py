"""Every e-mail of the portal, ours and allauth's, goes out the same way: written now, in
the language of the request, then handed to the task queue as data (``email_enqueue``).

The request never talks to the mail server: an outage or a slow server never fails a page
(sign-up, password reset, a submission's receipt), and the task worker sends the message
later, with retries (common.tasks.send_email). With the database task backend the task is
a row written in the request's transaction: it exists once that transaction commits, and
not at all if it rolls back.

The message travels as a JSON object (``email_to_data`` / ``email_from_data``): subject,
text body, optional HTML alternative, sender, recipients and headers, including a
Message-ID fixed when the message is written, so every attempt sends the same message and
the ledger of sent mails (common.models.OutgoingEmail) recognises it.
"""

from email.utils import make_msgid
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string


def one_line(text: str) -> str:
    """The text on one line: each line break (CR, LF, and the others ``str.splitlines``
    knows, such as U+2028) with the spaces around it becomes one space.

    A title typed with a line break in it would otherwise make the subject a header
    with a newline, which Django refuses (``BadHeaderError``): the e-mail would be lost."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def _header(headers: dict[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return None


def email_to_data(message: EmailMessage) -> dict[str, Any]:
    """The message as a JSON object, with a Message-ID (given one if it has none).

    Attachments are refused: the portal sends none, and files have no place in a task's
    arguments (a link to the file does)."""
    if message.attachments:
        raise ValueError("E-mails sent through the task queue carry no attachments.")
    headers = {str(key): str(value) for key, value in message.extra_headers.items()}
    if _header(headers, "Message-ID") is None:
        headers["Message-ID"] = make_msgid(domain=str(DNS_NAME))
    alternatives = [
        [str(content), str(mimetype)] for content, mimetype in getattr(message, "alternatives", [])
    ]
    return {
        "subject": one_line(str(message.subject)),
        "body": str(message.body),
        "content_subtype": message.content_subtype,
        "alternatives": alternatives,
        "from_email": str(message.from_email or settings.DEFAULT_FROM_EMAIL),
        "to": [str(address) for address in message.to],
        "cc": [str(address) for address in message.cc],
        "bcc": [str(address) for address in message.bcc],
        "reply_to": [str(address) for address in message.reply_to],
        "headers": headers,
    }


def email_from_data(data: dict[str, Any]) -> EmailMultiAlternatives:
    """The message ``email_to_data`` described, ready to send."""
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data.get("from_email") or None,
        to=data.get("to", []),
        cc=data.get("cc", []),
        bcc=data.get("bcc", []),
        reply_to=data.get("reply_to", []),
        headers=data.get("headers", {}),
    )
    message.content_subtype = data.get("content_subtype", "plain")
    for content, mimetype in data.get("alternatives", []):
        message.attach_alternative(content, mimetype)
    return message


def email_message_id(data: dict[str, Any]) -> str:
    """The Message-ID of a message given as data (``email_to_data`` always sets one)."""
    return _header(data.get("headers", {}), "Message-ID") or ""


def email_enqueue(*, message: EmailMessage) -> str:
    """Hands the message to the task queue; returns its Message-ID.

    The one way the portal sends an e-mail (allauth's included: partners.adapter). The
    worker sends it, retries it on the schedule of ``common.tasks.RETRY_DELAYS`` while the
    mail server refuses or does not answer, and sends it once."""
    from common.tasks import send_email

    data = email_to_data(message)
    send_email.enqueue(message=data)
    return email_message_id(data)


def send_templated_mail(*, to: str, template: str, context: dict) -> None:
    """Sends a plain-text e-mail whose subject and body come from two templates.

    The text is written now, in the language of the request; the sending is a task, so a
    slow or failing mail server never fails the page (``email_enqueue``)."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = one_line(render_to_string(f"{template}_subject.txt", context))
    body = render_to_string(f"{template}_body.txt", context)
    email_enqueue(message=EmailMessage(subject=subject, body=body, to=[to]))
