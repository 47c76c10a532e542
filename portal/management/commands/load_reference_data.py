"""Loads the reference data every installation needs: departments, SDGs, themes, site.

Each app loads its own part (partners.reference, cooperation.reference); the site's
name and domain belong to the portal. Idempotent: rows are matched on their natural key
and saved only when a value differs, so a second run writes nothing (and adds no
audit-history rows).
"""

from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand
from django.db import transaction

from cooperation.reference import sdgs_load
from partners.reference import departments_load, format_counts, sync, themes_load

SITE_NAME = "Coopérations ESS"


def site_load() -> Counter[str]:
    """The name and domain of the site (settings.SITE_URL)."""
    domain = urlsplit(settings.SITE_URL).netloc or settings.SITE_URL
    _site, state = sync(Site, {"id": settings.SITE_ID}, {"name": SITE_NAME, "domain": domain})
    # Site.objects.get_current() caches per process; a stale name would linger.
    Site.objects.clear_cache()
    return Counter({state: 1})


class Command(BaseCommand):
    help = "Loads (or refreshes) departments, SDGs and their targets, themes and the site name."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        self.report("Departments", departments_load())
        goals, targets = sdgs_load()
        self.report("SDGs", goals)
        self.report("SDG targets", targets)
        self.report("Themes", themes_load())
        self.report("Site", site_load())

    def report(self, label: str, counts: Counter[str]) -> None:
        self.stdout.write(f"{label}: {counts.total()} ({format_counts(counts)})")
