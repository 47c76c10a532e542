"""The history of a record (django-simple-history), as a person reads it."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext


@dataclass(frozen=True)
class HistoryEntry:
    when: object
    who: Any
    action: str
    changes: list[tuple[str, object, object]]


def record_history(*, record: Any, limit: int = 50) -> list[HistoryEntry]:
    """A record's changes (any model with `history`), newest first, each with its author
    and changed fields shown as a person reads them (labels of choices, names of related
    records)."""
    model = type(record)
    records = list(
        record.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    raw_changes = []
    related_ids: dict[Any, set] = {}
    for record, previous in zip(records, [*records[1:], None], strict=False):
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                field: Any = model._meta.get_field(change.field)
                old, new = change.old, change.new
                if field.many_to_many:
                    # Rows of the through table: keep the ids of the related records.
                    key = field.m2m_reverse_field_name()
                    old = tuple(sorted(row[key] for row in old or ()))
                    new = tuple(sorted(row[key] for row in new or ()))
                    ids = set(old) | set(new)
                else:
                    ids = {old, new} - {None} if field.is_relation else set()
                changes.append((field, old, new))
                if ids:
                    related_ids.setdefault(field.related_model, set()).update(ids)
        raw_changes.append((record, changes))
    related_names = {
        (model, obj.pk): str(obj)
        for model, ids in related_ids.items()
        for obj in model._default_manager.filter(pk__in=ids)
    }

    def readable(field: Any, value: Any) -> Any:
        if isinstance(value, bool):
            return gettext("yes") if value else gettext("no")
        if value in (None, "", ()):
            return ""
        if field.many_to_many:
            return ", ".join(str(related_names.get((field.related_model, pk), pk)) for pk in value)
        if field.is_relation:
            return related_names.get((field.related_model, value), value)
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return value

    entries: list[HistoryEntry] = []
    for record, changes in raw_changes[:limit]:
        readable_changes = [
            (str(field.verbose_name), readable(field, old), readable(field, new))
            for field, old, new in changes
        ]
        previous = entries[-1] if entries else None
        # One save writes the record, then its many-to-many fields: the same person within
        # a few seconds is one edit, shown as one entry.
        if (
            previous is not None
            and record.history_type == "~"
            and previous.action == record.get_history_type_display()
            and previous.who == record.history_user
            and abs((previous.when - record.history_date).total_seconds()) < 5
        ):
            previous.changes.extend(readable_changes)
            continue
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                action=record.get_history_type_display(),
                changes=readable_changes,
            )
        )
    return entries


def record_last_editor(*, record: Any) -> Any:
    latest = record.history.select_related("history_user").order_by("-history_date").first()
    return latest.history_user if latest else None
