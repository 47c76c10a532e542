"""Loads the reference data every installation needs: departments, SDGs, themes, site.

Idempotent: rows are matched on their natural key and saved only when a value differs,
so a second run writes nothing (and adds no audit-history rows).
"""

import csv
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand
from django.db import models, transaction

from cooperation.models import SdgTarget, SustainableDevelopmentGoal
from partners.models import Department, Theme

PARTNERS_DATA = Path(__file__).resolve().parents[2] / "data"
COOPERATION_DATA = Path(__file__).resolve().parents[3] / "cooperation" / "data"

SITE_NAME = "Coopérations ESS"
COORDINATE_PLACES = Decimal("0.00001")


def coordinate(value: str) -> Decimal:
    return Decimal(value).quantize(COORDINATE_PLACES)


def sync(model: type[models.Model], lookup: dict, values: dict) -> tuple[models.Model, str]:
    """Creates or updates one row; returns it with "created", "updated" or "unchanged".

    Unlike update_or_create, an unchanged row is not saved: saving would bump
    auto_now fields and write a history row on every run.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), "created"
    return obj, update_changed(obj, values)


def update_changed(obj: models.Model, values: dict) -> str:
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if not changed:
        return "unchanged"
    for field in changed:
        setattr(obj, field, values[field])
    obj.save(update_fields=changed)
    return "updated"


def sync_all(model: type[models.Model], key: str, rows: list[dict]) -> Counter:
    """sync() for many rows of one model, reading the existing ones in one query."""
    existing = model.objects.in_bulk([row[key] for row in rows], field_name=key)
    counts: Counter = Counter()
    for row in rows:
        values = {field: value for field, value in row.items() if field != key}
        obj = existing.get(row[key])
        if obj is None:
            model.objects.create(**row)
            counts["created"] += 1
        else:
            counts[update_changed(obj, values)] += 1
    return counts


def format_counts(counts: Counter) -> str:
    return ", ".join(f"{counts[state]} {state}" for state in ("created", "updated", "unchanged"))


def of_name(preposition: str, name: str) -> str:
    """« du Val-de-Marne », « d’Ille-et-Vilaine »: elided prepositions take no space."""
    return f"{preposition}{name}" if preposition.endswith("’") else f"{preposition} {name}"


class Command(BaseCommand):
    help = "Loads (or refreshes) departments, SDGs and their targets, themes and the site name."

    @transaction.atomic
    def handle(self, *args, **options):
        self.report("Departments", self.load_departments())
        goals, targets = self.load_sdgs()
        self.report("SDGs", goals)
        self.report("SDG targets", targets)
        self.report("Themes", self.load_themes())
        self.report("Site", self.load_site())

    def report(self, label: str, counts: Counter) -> None:
        self.stdout.write(f"{label}: {counts.total()} ({format_counts(counts)})")

    def load_departments(self) -> Counter:
        with open(PARTNERS_DATA / "department_prepositions.json", encoding="utf-8") as file:
            prepositions = json.load(file)["of"]
        with open(PARTNERS_DATA / "departments.csv", encoding="utf-8", newline="") as file:
            # Only the reference columns: presentation and contacts belong to the staff.
            rows = [
                {
                    "code": row["code"].strip(),
                    "name": row["name"].strip(),
                    "name_of": of_name(prepositions[row["code"].strip()], row["name"].strip()),
                    "region_code": row["region_code"].strip(),
                    "region_name": row["region_name"].strip(),
                    "latitude": coordinate(row["latitude"]),
                    "longitude": coordinate(row["longitude"]),
                }
                for row in csv.DictReader(file)
            ]
        return sync_all(Department, "code", rows)

    def load_sdgs(self) -> tuple[Counter, Counter]:
        with open(COOPERATION_DATA / "sdg.json", encoding="utf-8") as file:
            data = json.load(file)
        goal_rows = [
            {
                "number": goal["number"],
                "color": goal["color"],
                "short_title_fr": goal["short_title"]["fr"],
                "short_title_en": goal["short_title"]["en"],
                "title_fr": goal["title"]["fr"],
                "title_en": goal["title"]["en"],
            }
            for goal in data["goals"]
        ]
        target_rows = [
            {
                "code": target["code"],
                "goal_id": goal["number"],
                "position": position,
                "title_fr": target["title"]["fr"],
                "title_en": target["title"]["en"],
            }
            for goal in data["goals"]
            for position, target in enumerate(goal["targets"], start=1)
        ]
        return (
            sync_all(SustainableDevelopmentGoal, "number", goal_rows),
            sync_all(SdgTarget, "code", target_rows),
        )

    def load_themes(self) -> Counter:
        with open(PARTNERS_DATA / "themes.json", encoding="utf-8") as file:
            themes = json.load(file)
        rows = [
            {"code": theme["code"], "name_fr": theme["fr"], "name_en": theme["en"], "position": i}
            for i, theme in enumerate(themes, start=1)
        ]
        return sync_all(Theme, "code", rows)

    def load_site(self) -> Counter:
        domain = urlsplit(settings.SITE_URL).netloc or settings.SITE_URL
        _site, state = sync(Site, {"id": settings.SITE_ID}, {"name": SITE_NAME, "domain": domain})
        # Site.objects.get_current() caches per process; a stale name would linger.
        Site.objects.clear_cache()
        return Counter({state: 1})
