"""Background work of the toolkit: sending e-mails out of the request."""

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str]) -> None:
    """Sends one plain-text e-mail; the worker retries nothing: a failure is kept in the
    task's result for the operators (admin of the task results)."""
    send_mail(subject, body, None, to)
