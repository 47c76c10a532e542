"""The reference data of cooperation: the 17 SDGs and their targets (data/sdg.json)."""

import json
from collections import Counter
from pathlib import Path

from cooperation.models import SdgTarget, SustainableDevelopmentGoal
from partners.reference import sync_all

DATA = Path(__file__).resolve().parent / "data"


def sdgs_load() -> tuple[Counter[str], Counter[str]]:
    """The goals and their targets; returns the counts of each."""
    with open(DATA / "sdg.json", encoding="utf-8") as file:
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
