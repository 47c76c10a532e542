"""E-mails written from templates and sent by the task worker."""

from django.conf import settings
from django.template.loader import render_to_string

from common.tasks import send_email


def one_line(text: str) -> str:
    """The text on one line: each line break (CR, LF, and the others ``str.splitlines``
    knows, such as U+2028) with the spaces around it becomes one space.

    A title typed with a line break in it would otherwise make the subject a header
    with a newline, which Django refuses (``BadHeaderError``): the e-mail would be lost."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def send_templated_mail(*, to: str, template: str, context: dict) -> None:
    """Sends a plain-text e-mail whose subject and body come from two templates.

    The text is written now, in the language of the request; the sending is a task, so a
    slow or failing mail server never fails the page (and the task runs only once the
    transaction that queued it is committed: the worker reads committed rows)."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = one_line(render_to_string(f"{template}_subject.txt", context))
    body = render_to_string(f"{template}_body.txt", context)
    send_email.enqueue(subject=subject, body=body, to=[to])
