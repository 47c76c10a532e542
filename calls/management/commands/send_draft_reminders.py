"""Reminds applicants of their unsubmitted drafts 48 hours before their call closes.

Run it every hour (cron, systemd timer or the task scheduler): each draft is reminded
once.
"""

from django.core.management.base import BaseCommand

from calls.services import application_send_reminders


class Command(BaseCommand):
    help = "E-mails the applicants whose draft is unsubmitted 48 hours before the closing time."

    def handle(self, *args, **options) -> None:
        sent = application_send_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
