"""Removal of the bench data, and what tells a complete run (see cooperation.bench)."""

from typing import Any, cast

from django.db import connection, models
from django.db.models import ForeignObjectRel

from cooperation.bench.words import BENCH_EMAIL, PREFIX
from cooperation.models import CooperationProject
from partners.models import Organisation, PartnerTerritory, User


class BenchDataError(Exception):
    """The bench data cannot be written or removed as asked."""


def marker(projects: int, seed: int) -> str:
    """The bench account's name once the data is complete: what --reuse compares."""
    return f"Bench data: {projects} projects, seed {seed}"


def _purge(
    model: type[models.Model], where: str, params: list[Any], cursor: Any, depth: int = 0
) -> None:
    """Deletes the rows of `model` matching `where` (SQL on its table), and first what
    depends on them, following the on_delete rules in SQL: bulk deletes send no signals,
    so they write no audit-history rows. PROTECT relations are left to the database,
    whose foreign keys then refuse the deletion."""
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    selected = f"SELECT {pk} FROM {table} WHERE {where}"  # noqa: S608
    # Every reverse relation, hidden ones included (those of the auto-created through
    # tables of many-to-many fields, and of foreign keys with related_name="+").
    for relation in model._meta.get_fields(include_hidden=True):
        # The reverse relations are the auto-created ForeignObjectRel (never concrete).
        if not isinstance(relation, ForeignObjectRel) or relation.many_to_many:
            continue
        if depth > 6:
            raise BenchDataError(f"Unexpectedly deep relations under {model._meta.label}.")
        field = cast(models.ForeignKey, relation.field)
        if (
            not getattr(field, "db_constraint", True)
            and field.remote_field.on_delete is models.DO_NOTHING
        ):
            continue  # audit history keeps the ids of what it describes
        child = cast(type[models.Model], relation.related_model)
        column = connection.ops.quote_name(field.column)
        condition = f"{column} IN ({selected})"
        on_delete = field.remote_field.on_delete
        if on_delete is models.CASCADE:
            _purge(child, condition, params, cursor, depth + 1)
        elif on_delete is models.SET_NULL:
            child_table = connection.ops.quote_name(child._meta.db_table)
            cursor.execute(f"UPDATE {child_table} SET {column} = NULL WHERE {condition}", params)  # noqa: S608
    cursor.execute(f"DELETE FROM {table} WHERE {where}", params)  # noqa: S608


def clear_bench_data() -> None:
    like = [PREFIX + "%"]
    with connection.cursor() as cursor:
        _purge(CooperationProject, "slug LIKE %s", like, cursor)
        _purge(Organisation, "slug LIKE %s", like, cursor)
        _purge(PartnerTerritory, "slug LIKE %s", like, cursor)
        _purge(User, "email = %s", [BENCH_EMAIL], cursor)


def bench_counts() -> dict[str, int]:
    return {
        "projects": CooperationProject.objects.filter(slug__startswith=PREFIX).count(),
        "organisations": Organisation.objects.filter(slug__startswith=PREFIX).count(),
        "partner territories": PartnerTerritory.objects.filter(slug__startswith=PREFIX).count(),
    }
