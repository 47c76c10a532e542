"""The reference data of partners (departments, themes) and the idempotent writes that
every loader of reference or demo data uses.

Rows are matched on their natural key and saved only when a value differs, so a second
run writes nothing (and adds no audit-history rows).
"""

import csv
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from django.db import models

from partners.models import Department, Theme

DATA = Path(__file__).resolve().parent / "data"
COORDINATE_PLACES = Decimal("0.00001")

M = TypeVar("M", bound=models.Model)


def coordinate(value: str) -> Decimal:
    """A latitude or longitude of the data files, with the precision of the models."""
    return Decimal(value).quantize(COORDINATE_PLACES)


def update_changed(obj: models.Model, values: dict[str, Any]) -> str:
    """Saves the fields whose value differs; returns "updated" or "unchanged"."""
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if not changed:
        return "unchanged"
    for field in changed:
        setattr(obj, field, values[field])
    obj.save(update_fields=changed)
    return "updated"


def sync(model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> tuple[M, str]:
    """Creates or updates one row; returns it with "created", "updated" or "unchanged".

    Unlike update_or_create, an unchanged row is not saved: saving would bump
    auto_now fields and write a history row on every run.
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values), "created"
    return obj, update_changed(obj, values)


def sync_all(model: type[models.Model], key: str, rows: list[dict[str, Any]]) -> Counter[str]:
    """sync() for many rows of one model, reading the existing ones in one query."""
    existing = model._default_manager.in_bulk([row[key] for row in rows], field_name=key)
    counts: Counter[str] = Counter()
    for row in rows:
        values = {field: value for field, value in row.items() if field != key}
        obj = existing.get(row[key])
        if obj is None:
            model._default_manager.create(**row)
            counts["created"] += 1
        else:
            counts[update_changed(obj, values)] += 1
    return counts


def format_counts(counts: Counter[str]) -> str:
    return ", ".join(f"{counts[state]} {state}" for state in ("created", "updated", "unchanged"))


def of_name(preposition: str, name: str) -> str:
    """« du Val-de-Marne », « d’Ille-et-Vilaine »: elided prepositions take no space."""
    return f"{preposition}{name}" if preposition.endswith("’") else f"{preposition} {name}"


def departments_load() -> Counter[str]:
    """The 101 departments of data/departments.csv (reference columns only)."""
    with open(DATA / "department_prepositions.json", encoding="utf-8") as file:
        prepositions = json.load(file)["of"]
    with open(DATA / "departments.csv", encoding="utf-8", newline="") as file:
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


def themes_load() -> Counter[str]:
    """The themes of data/themes.json, in their order."""
    with open(DATA / "themes.json", encoding="utf-8") as file:
        themes = json.load(file)
    rows = [
        {"code": theme["code"], "name_fr": theme["fr"], "name_en": theme["en"], "position": i}
        for i, theme in enumerate(themes, start=1)
    ]
    return sync_all(Theme, "code", rows)
