"""CSV for French spreadsheets, streamed row by row (Django's recipe)."""

import csv
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

# A cell starting with one of these would be run as a formula by a spreadsheet (a tab or
# a carriage return may hide one: spreadsheets strip them before reading the cell).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows read from the database at a time by a streamed export.
CHUNK_SIZE = 500


class Echo:
    """A file-like object that hands back what csv.writer writes (Django's recipe)."""

    def write(self, value: str) -> str:
        return value


def formula_guard(text: str) -> str:
    """The text, with a leading apostrophe when a spreadsheet would read it as a formula.

    The one guard of every CSV download, the open data included: apply it to any cell
    whose text comes from a user; numbers, dates and identifiers never start with one of
    ``FORMULA_STARTS`` and come out unchanged.
    """
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    return formula_guard(str(value))


def csv_stream(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The lines of a French-spreadsheet CSV: byte-order mark, header, then each row
    through ``csv_value`` (decimal comma, ISO dates, formula guard). Used by every
    CSV download."""
    writer = csv.writer(Echo(), delimiter=";")
    yield "\ufeff"
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([csv_value(value) for value in row])
