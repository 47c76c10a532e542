"""The demo data of partners (data/demo.json): accounts, department roles and
presentations, partner territories, organisations and their managers; and what the demo
loaders of the apps above share (the published demo password, the counts of a run).

Demo only: the portal's `seed_demo` command runs the loaders, and refuses to unless DEBUG
is on or --force is given, because the demo accounts share a published password.

Idempotent, and careful with what people did during a demo: accounts get their password
only when they are created; organisations and territories are created when missing and
never overwritten; department presentations fill empty fields only. The account roles of
the documented demo table are restored, since tests and guided tours rely on them.
"""

import json
from collections import Counter
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from partners.models import (
    Department,
    DepartmentMembership,
    DepartmentRole,
    MembershipStatus,
    Organisation,
    PartnerTerritory,
    PublicationStatus,
    StructureMembership,
    StructureRole,
    Theme,
    User,
)
from partners.reference import M, coordinate, format_counts, sync, update_changed

__all__ = [
    "DEMO_PASSWORD",
    "DemoCounts",
    "DemoDataError",
    "coordinate",
    "demo_account_ensure",
    "demo_data_read",
    "demo_territories_ensure",
    "partners_demo_load",
]

DEMO_PASSWORD = "demo-portail-2026"  # noqa: S105  (published on purpose: demo only)
DATA = Path(__file__).resolve().parent / "data"


class DemoDataError(Exception):
    """What a demo loader needs is missing; nothing was changed."""


class DemoCounts(dict[str, Counter[str]]):
    """label → Counter of states ("created", "updated", "unchanged", "skipped")."""

    def count(self, label: str, state: str) -> None:
        self.setdefault(label, Counter())[state] += 1

    def sync(self, label: str, model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> M:
        """``reference.sync`` of one row, counted under ``label``."""
        row, state = sync(model, lookup, values)
        self.count(label, state)
        return row

    def lines(self, *, skipped: bool = False) -> list[str]:
        """One line a label: « Accounts: 10 (10 created, 0 updated, 0 unchanged) »."""
        lines = []
        for label, counts in self.items():
            details = format_counts(counts)
            if skipped and counts["skipped"]:
                details += f", {counts['skipped']} skipped"
            lines.append(f"{label}: {counts.total()} ({details})")
        return lines


def demo_data_read(*, path: Path) -> Any:
    """The content of a JSON data file (French texts verbatim)."""
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def demo_account_ensure(*, email: str, full_name: str, counts: DemoCounts) -> User:
    """The demo account of `email`, created with the demo password when missing, with a
    verified primary address (mandatory e-mail verification: without it, no login)."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        # The password is set only here: a demo user may have changed it.
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
        counts.count("Accounts", "created")
    else:
        counts.count("Accounts", "unchanged")
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        counts.count("Verified e-mail addresses", "created")
    else:
        state = update_changed(address, {"verified": True, "primary": True})
        counts.count("Verified e-mail addresses", state)
    return user


def demo_territories_ensure(*, specs: list[dict[str, Any]], counts: DemoCounts) -> None:
    """The partner territories of `specs`, created when missing (matched on their slug)."""
    for spec in specs:
        slug = slugify(spec["name"])
        if PartnerTerritory.objects.filter(slug=slug).exists():
            counts.count("Partner territories", "unchanged")
            continue
        territory = PartnerTerritory(
            slug=slug,
            **{
                **spec,
                "latitude": coordinate(spec["latitude"]),
                "longitude": coordinate(spec["longitude"]),
            },
        )
        territory.full_clean()
        territory.save()
        counts.count("Partner territories", "created")


def partners_demo_load() -> list[str]:
    """Loads the demo data of partners; returns the report of what it did, line by line."""
    data = demo_data_read(path=DATA / "demo.json")
    if not Department.objects.exists() or not Theme.objects.exists():
        raise DemoDataError(
            "No reference data: run `manage.py load_reference_data` first. Nothing was changed."
        )
    counts = DemoCounts()
    roles = data["department_roles"]
    with transaction.atomic():
        departments = Department.objects.in_bulk(
            {row["department"] for row in roles} | set(data["departments"]),
            field_name="code",
        )
        users = {
            row["email"]: demo_account_ensure(
                email=row["email"], full_name=row["full_name"], counts=counts
            )
            for row in data["users"]
        }
        for row in roles:
            counts.sync(
                "Department roles",
                DepartmentMembership,
                {"user": users[row["email"]], "department": departments[row["department"]]},
                {"role": row["role"]},
            )
        _department_presentations_fill(
            specs=data["departments"], departments=departments, counts=counts
        )
        demo_territories_ensure(specs=data["territories"], counts=counts)
        organisations = _organisations_ensure(
            specs=data["organisations"],
            roles=roles,
            users=users,
            departments=departments,
            counts=counts,
        )
        for row in data["structure_managers"]:
            counts.sync(
                "Structure managers",
                StructureMembership,
                {"user": users[row["email"]], "organisation": organisations[row["organisation"]]},
                {"role": StructureRole.MANAGER, "status": MembershipStatus.ACTIVE},
            )
    lines = counts.lines()
    lines.append(f"\nDemo accounts (password: {DEMO_PASSWORD}):")
    shown = {row["email"]: f"{row['role']} of {row['department']}" for row in roles}
    shown.update(
        {row["email"]: f"manager of {row['organisation']}" for row in data["structure_managers"]}
    )
    for row in data["users"]:
        email = row["email"]
        lines.append(f"  {email:30} {shown.get(email, 'no structure, no department')}")
    return lines


def _department_presentations_fill(
    *,
    specs: dict[str, dict[str, str]],
    departments: dict[str, Department],
    counts: DemoCounts,
) -> None:
    for code, values in specs.items():
        department = departments[code]
        # Fill blanks only: staff may have rewritten the presentation during a demo.
        blanks = {field: value for field, value in values.items() if not getattr(department, field)}
        counts.count("Department presentations", update_changed(department, blanks))


def _organisations_ensure(
    *,
    specs: list[dict[str, Any]],
    roles: list[dict[str, str]],
    users: dict[str, User],
    departments: dict[str, Department],
    counts: DemoCounts,
) -> dict[str, Organisation]:
    themes = Theme.objects.in_bulk(field_name="code")
    # The validator shown is the department's officer, or its admin when it has none.
    validators = {
        row["department"]: users[row["email"]]
        for row in sorted(roles, key=lambda row: row["role"] == DepartmentRole.OFFICER)
        if row["role"] in (DepartmentRole.OFFICER, DepartmentRole.ADMIN)
    }
    organisations = {}
    for spec in specs:
        slug = slugify(spec["name"])
        existing = Organisation.objects.filter(slug=slug).first()
        if existing is not None:
            organisations[spec["name"]] = existing
            counts.count("Organisations", "unchanged")
            continue
        fields = {key: value for key, value in spec.items() if key not in ("themes", "created_by")}
        fields.update(
            slug=slug,
            department=departments[spec["department"]],
            latitude=coordinate(spec["latitude"]),
            longitude=coordinate(spec["longitude"]),
            created_by=users.get(spec.get("created_by", "")),
        )
        fields.setdefault("status", PublicationStatus.PUBLISHED)
        if fields["status"] == PublicationStatus.PUBLISHED:
            fields["validated_at"] = timezone.now()
            fields["validated_by"] = validators.get(spec["department"])
        organisation = Organisation(**fields)
        organisation.full_clean()
        organisation.save()
        organisation.themes.set([themes[code] for code in spec["themes"]])
        organisations[spec["name"]] = organisation
        counts.count("Organisations", "created")
    return organisations
