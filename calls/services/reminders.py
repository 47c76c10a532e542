"""Reminding applicants of a draft left before the call closes."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from calls import selectors
from calls.models import (
    Application,
    ApplicationState,
)
from calls.services.notifications import _applicant_url
from common.mail import send_templated_mail

REMINDER_BEFORE_CLOSING = timedelta(hours=48)


def application_send_reminders(*, now: datetime | None = None) -> int:
    """E-mails the applicants whose draft is still unsubmitted when their call closes
    within 48 hours, once per application; returns how many were sent."""
    now = now or timezone.now()
    drafts = selectors.drafts_to_remind(now=now, within=REMINDER_BEFORE_CLOSING)
    sent = 0
    for application in drafts:
        with transaction.atomic():
            # Marked first, under a row lock: two runs at once never send it twice.
            marked = Application.objects.filter(
                pk=application.pk, reminder_sent_at__isnull=True, state=ApplicationState.DRAFT
            ).update(reminder_sent_at=now)
            if not marked:
                continue
            send_templated_mail(
                to=application.applicant.email,
                template="calls/email/draft_reminder",
                context={
                    "application": application,
                    "call": application.call,
                    "closes_at": selectors.datetime_label(application.call.closes_at),
                    "url": _applicant_url(application),
                },
            )
            sent += 1
    return sent
