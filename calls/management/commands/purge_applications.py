"""Erases the personal data of the applications past their call's retention period.

The task worker does it every day (calls/tasks.py); this command does it now.
"""

from django.core.management.base import BaseCommand

from calls.retention import applications_purge_expired


class Command(BaseCommand):
    help = "Deletes expired drafts and erases the personal data of expired applications."

    def handle(self, *args, **options) -> None:
        report = applications_purge_expired()
        self.stdout.write(
            f"{report.drafts_deleted} draft(s) deleted, "
            f"{report.applications_anonymised} application(s) anonymised."
        )
