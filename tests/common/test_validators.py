"""The one bound of dates and date-times: 1 January 1900 to 31 December 2100 (issue 10,
item 2)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from common.forms import BoundedDateField, BoundedDateTimeField
from common.validators import bounded_date_constraint, validate_bounded_date

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    "day", [datetime.date(1899, 12, 31), datetime.date(2101, 1, 1), datetime.date(1, 1, 1)]
)
def test_a_date_outside_1900_2100_is_refused(day):
    with pytest.raises(ValidationError) as error:
        validate_bounded_date(day)
    assert error.value.code == "date_out_of_range"


@pytest.mark.parametrize("day", [datetime.date(1900, 1, 1), datetime.date(2100, 12, 31), None])
def test_a_date_within_1900_2100_is_accepted(day):
    validate_bounded_date(day)


@pytest.mark.parametrize(
    "instant",
    [
        datetime.datetime(1899, 12, 31, 23, 59, tzinfo=PARIS),
        datetime.datetime(2101, 1, 1, 0, 0, tzinfo=PARIS),
        # 31 December 2100, 23:30 UTC is already 1 January 2101 in Paris.
        datetime.datetime(2100, 12, 31, 23, 30, tzinfo=datetime.UTC),
        datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
    ],
)
def test_an_aware_datetime_outside_1900_2100_in_paris_is_refused(instant):
    with pytest.raises(ValidationError):
        validate_bounded_date(instant)


@pytest.mark.parametrize(
    "instant",
    [
        datetime.datetime(1900, 1, 1, 0, 0, tzinfo=PARIS),
        datetime.datetime(2100, 12, 31, 23, 59, 59, tzinfo=PARIS),
        datetime.datetime(2100, 12, 31, 22, 30, tzinfo=datetime.UTC),
        datetime.datetime(2100, 12, 31, 23, 59),  # naive: read in Paris time
    ],
)
def test_an_aware_datetime_within_1900_2100_in_paris_is_accepted(instant):
    validate_bounded_date(instant)


def test_the_plain_form_fields_refuse_a_date_out_of_bounds_next_to_the_field():
    date_field, datetime_field = BoundedDateField(), BoundedDateTimeField()
    with pytest.raises(ValidationError):
        date_field.clean("1899-12-31")
    with pytest.raises(ValidationError):
        datetime_field.clean("0001-01-01T00:00")
    assert date_field.clean("1900-01-01") == datetime.date(1900, 1, 1)
    assert datetime_field.clean("2100-12-31T23:59").year == 2100


def test_the_constraint_compares_days_for_a_date_and_instants_for_a_datetime():
    days = bounded_date_constraint("due_date").condition
    instants = bounded_date_constraint("opens_at", with_time=True).condition
    assert dict(days.children) == {
        "due_date__gte": datetime.date(1900, 1, 1),
        "due_date__lte": datetime.date(2100, 12, 31),
    }
    bounds = dict(instants.children)
    assert bounds["opens_at__gte"] == datetime.datetime(1900, 1, 1, tzinfo=PARIS)
    assert bounds["opens_at__lt"] == datetime.datetime(2101, 1, 1, tzinfo=PARIS)
