"""The one range of every date and date-time a person types: from 1 January 1900 (the
oldest birth date of an applicant) to 31 December 2100 (nothing is planned beyond). A
year-1 date-time would be stored by PostgreSQL as a BC timestamp that psycopg cannot read
back, and every page that lists the row would fail: forms refuse it next to the field
(``validate_bounded_date``), the database refuses it (``bounded_date_constraint``)."""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PARIS = ZoneInfo("Europe/Paris")
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)
# Date-times compare as aware instants, bounded by those days in Paris.
FIRST_INSTANT = datetime.datetime(1900, 1, 1, tzinfo=PARIS)
END_INSTANT = datetime.datetime(2101, 1, 1, tzinfo=PARIS)  # excluded


def validate_bounded_date(value: datetime.date | None) -> None:
    """Refuses a date, or a date-time, outside 1900–2100 (a naive date-time is read in
    Paris time)."""
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        instant = value if timezone.is_aware(value) else value.replace(tzinfo=PARIS)
        inside = FIRST_INSTANT <= instant < END_INSTANT
    else:
        inside = FIRST_DAY <= value <= LAST_DAY
    if not inside:
        raise ValidationError(_("Enter a date between 1900 and 2100."), code="date_out_of_range")


BOUNDED_DATE_VALIDATORS = [validate_bounded_date]


def bounded_date_constraint(
    field_name: str, *, with_time: bool = False, name: str | None = None
) -> models.CheckConstraint:
    """The database's side of ``validate_bounded_date`` for one field: a ``date`` field
    compares days, a ``with_time`` (date-time) one aware instants. A null passes. The name
    defaults to ``<app>_<model>_<field>_bounded``."""
    if with_time:
        condition = models.Q(**{f"{field_name}__gte": FIRST_INSTANT}) & models.Q(
            **{f"{field_name}__lt": END_INSTANT}
        )
    else:
        condition = models.Q(**{f"{field_name}__gte": FIRST_DAY}) & models.Q(
            **{f"{field_name}__lte": LAST_DAY}
        )
    return models.CheckConstraint(
        condition=condition,
        name=name or f"%(app_label)s_%(class)s_{field_name}_bounded",
        violation_error_message=_("Enter a date between 1900 and 2100."),
        violation_error_code="date_out_of_range",
    )


def bounded_date_constraints(*field_names: str, with_time: bool = False) -> list:
    """``bounded_date_constraint`` for each of ``field_names``."""
    return [bounded_date_constraint(name, with_time=with_time) for name in field_names]
