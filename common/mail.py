"""E-mails written from templates and sent by the task worker."""

from django.conf import settings
from django.template.loader import render_to_string

from common.tasks import send_email


def send_templated_mail(*, to: str, template: str, context: dict) -> None:
    """Sends a plain-text e-mail whose subject and body come from two templates.

    The text is written now, in the language of the request; the sending is a task, so a
    slow or failing mail server never fails the page (and the task runs only once the
    transaction that queued it is committed: the worker reads committed rows)."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}_body.txt", context)
    send_email.enqueue(subject=subject, body=body, to=[to])
