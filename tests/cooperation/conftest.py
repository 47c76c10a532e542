"""The world of the cooperation tests: the reference data, the SDGs, the partner
territories of the cases (Yên Bái, Outaouais), private media.

A module's fixture of the same name wins over these: one that differs on purpose keeps
a name of its own (``sdg_targets`` is the light set of goals, ``sdgs`` the whole
reference file)."""

import json
from datetime import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from cooperation.models import SdgTarget, SustainableDevelopmentGoal
from partners.models import PartnerTerritory
from tests.factories import PartnerTerritoryFactory

SDG_FILE = Path(__file__).resolve().parents[2] / "cooperation" / "data" / "sdg.json"


# The day the cases' fixed dates were written against (Europe/Paris).
CASES_DAY = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def clock_of_the_cases():
    """Python's clock set to ``CASES_DAY`` and running on from there (time-machine), for
    the modules whose fixed days of 2025–2027 (a milestone due in April 2025, an indicator
    aiming at 2027) meet dates counted from today: overdue stays overdue and upcoming stays
    upcoming whatever day the suite runs. Every date the code compares is computed in
    Python, so PostgreSQL's own clock plays no part."""
    with time_machine.travel(CASES_DAY, tick=True):
        yield


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path) -> None:
    """Uploaded files of a test go to its own folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def reference_data(db) -> None:
    """The reference data of the portal: departments, themes, the 17 SDGs and their targets."""
    call_command("load_reference_data", stdout=StringIO())


@pytest.fixture
def sdgs(reference_data) -> dict[int, SustainableDevelopmentGoal]:
    """The 17 goals and their 169 targets (and the departments and themes)."""
    return SustainableDevelopmentGoal.objects.in_bulk()


@pytest.fixture
def sdg_targets(db) -> dict[str, SdgTarget]:
    """Goals 2, 12 and 17 only, with their real targets (from the reference file), by code."""
    data = json.loads(SDG_FILE.read_text(encoding="utf-8"))
    targets = {}
    for goal in data["goals"]:
        if goal["number"] not in (2, 12, 17):
            continue
        row = SustainableDevelopmentGoal.objects.create(
            number=goal["number"],
            color=goal["color"],
            short_title_fr=goal["short_title"]["fr"],
            short_title_en=goal["short_title"]["en"],
            title_fr=goal["title"]["fr"],
            title_en=goal["title"]["en"],
        )
        for position, target in enumerate(goal["targets"], start=1):
            targets[target["code"]] = SdgTarget.objects.create(
                goal=row,
                code=target["code"],
                position=position,
                title_fr=target["title"]["fr"],
                title_en=target["title"]["en"],
            )
    return targets


@pytest.fixture
def yen_bai(db) -> PartnerTerritory:
    """The Vietnamese province of the Val-de-Marne's tea chain."""
    return PartnerTerritoryFactory(
        name="Province de Yên Bái",
        slug="yen-bai",
        country="VN",
        languages="vietnamien",
        latitude=Decimal("21.72288"),
        longitude=Decimal("104.91130"),
    )


@pytest.fixture
def outaouais(db) -> PartnerTerritory:
    """The Canadian region of the Hauts-de-Seine's youth exchanges and incubator."""
    return PartnerTerritoryFactory(
        name="Outaouais",
        slug="outaouais",
        kind="region",
        country="CA",
        latitude=Decimal("45.47723"),
        longitude=Decimal("-75.70164"),
    )
