"""Optimistic locking: a record with a ``version`` column refuses an edit made from an
older version, and says who changed it meanwhile."""

from typing import Any

from django.db import models
from django.db.models import F

from common.history import record_last_editor


class ConcurrentUpdateError(Exception):
    """The record changed since the form was opened: the edit would overwrite it."""

    def __init__(self, *, editor: Any = None):
        self.editor = editor
        super().__init__("The record was changed by someone else meanwhile.")


def update_versioned(*, record: models.Model, expected_version: int, fields: dict) -> None:
    """Saves `fields` on a record edited from `expected_version`; refuses the edit if
    someone saved the record in between, naming who."""
    model = type(record)
    updated = model._default_manager.filter(pk=record.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not updated:
        raise ConcurrentUpdateError(editor=record_last_editor(record=record))
    record.refresh_from_db(fields=["version"])
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
