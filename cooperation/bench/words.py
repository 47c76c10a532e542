"""The word lists, names and places of the bench data (cooperation/data/bench.json).

- countries: the 140 partner countries, each with a weight (how often departments
  cooperate with it) and anchor points (latitude, longitude, radius in degrees) that keep
  the jittered points inside the country, more or less; elongated or large countries have
  several anchors;
- neighbours: the neighbours of France (cross-border cooperation is common with them);
  european_union; federal: the countries whose first-level territories are states;
- the syllables of invented names, town prefixes and suffixes, the legal forms of ESS
  structures (with their weight), the names of other actors in France and abroad, of
  territories and their authorities, the words of project titles and descriptions, the
  titles of objectives, the indicators (title, measure type, unit, baseline and target
  range, cumulative) and qualitative values.
"""

import json
import random
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

with open(Path(__file__).resolve().parents[1] / "data" / "bench.json", encoding="utf-8") as file:
    _DATA: dict[str, Any] = json.load(file)

PREFIX = "bench-"
BENCH_EMAIL = "bench-reporter@bench.invalid"

COUNTRIES: dict[str, tuple[int, list[tuple[float, float, float]]]] = {
    code: (country["weight"], [tuple(anchor) for anchor in country["anchors"]])
    for code, country in _DATA["countries"].items()
}
NEIGHBOURS: set[str] = set(_DATA["neighbours"])
EUROPEAN_UNION: set[str] = set(_DATA["european_union"])
FEDERAL: set[str] = set(_DATA["federal"])

SYLLABLES: list[str] = _DATA["syllables"]
TOWN_PREFIXES: list[str] = _DATA["town_prefixes"]
TOWN_SUFFIXES: list[str] = _DATA["town_suffixes"]

# (legal form, label, weight)
ESS_LEGAL_FORMS: list[tuple[str, str, int]] = [
    (row["legal_form"], row["label"], row["weight"]) for row in _DATA["ess_legal_forms"]
]
ALSACE_MOSELLE: set[str] = set(_DATA["alsace_moselle"])
ESS_NOUNS: list[str] = _DATA["ess_nouns"]
ESS_ADJECTIVES: list[str] = _DATA["ess_adjectives"]
# (organisation kind, label)
FRENCH_OTHER_KINDS: list[tuple[str, str]] = [
    (row["kind"], row["label"]) for row in _DATA["french_other_kinds"]
]
FOREIGN_OTHER_KINDS: list[tuple[str, str]] = [
    (row["kind"], row["label"]) for row in _DATA["foreign_other_kinds"]
]
# territory kind → label
AUTHORITY_OF_KIND: dict[str, str] = _DATA["authority_of_kind"]
TERRITORY_PREFIX: dict[str, str] = _DATA["territory_prefix"]

PROJECT_ACTIONS: list[str] = _DATA["project_actions"]
PROJECT_OBJECTS: list[str] = _DATA["project_objects"]
SENTENCES: list[str] = _DATA["sentences"]
OBJECTIVE_TITLES: list[str] = _DATA["objective_titles"]
# (title, measure type, unit, baseline range, target range, cumulative)
INDICATORS: list[tuple[str, str, str, int, int, bool]] = [
    (row["title"], row["measure_type"], row["unit"], row["low"], row["high"], row["cumulative"])
    for row in _DATA["indicators"]
]
QUALITATIVE_VALUES: list[str] = _DATA["qualitative_values"]


def of(label: str, name: str) -> str:
    """« Commune de Gubo », « Commune d’Eldisi »."""
    if label.endswith(" de") and name[:1] in "AEIOUYÉÈ":
        return f"{label[:-3]} d’{name}"
    return f"{label} {name}"


def weighted(rng: random.Random, items: list[T], weights: list[float]) -> T:
    """One of `items`, drawn with `weights`."""
    return rng.choices(items, weights=weights, k=1)[0]
