"""What the other reads share: the funded states, dates as people read them, ages."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

from calls.models import (
    ApplicationState,
)

FUNDED_STATES = (ApplicationState.ACCEPTED, ApplicationState.CLOSED)
ZERO = Decimal(0)


# How each language writes a date and time (Django date format, literal text escaped).
DATETIME_LABEL_FORMATS = {"fr": r"j F Y à G \h i", "en": r"j F Y \a\t H:i"}


def datetime_label(value: datetime) -> str:
    """“27 novembre 2026 à 12 h 00” in French, “27 November 2026 at 12:00” in English, in
    Paris time."""
    language = (get_language() or "fr")[:2]
    return date_format(
        timezone.localtime(value),
        DATETIME_LABEL_FORMATS.get(language, DATETIME_LABEL_FORMATS["en"]),
    )


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
