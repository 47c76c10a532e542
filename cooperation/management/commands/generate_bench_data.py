"""Fills the database with a large, realistic, reproducible dataset for `make bench`.

    python manage.py generate_bench_data --projects 50000 [--seed 42] [--reuse]
    python manage.py generate_bench_data --clear

Bench data only: refuses to run when DEBUG is off unless --force is given, because it
writes hundreds of thousands of rows. Needs the reference data (`load_reference_data`).
What it creates: see cooperation.bench.

A new run first removes the previous bench rows; `--clear` only removes them; `--reuse`
does nothing when the bench data of the same N and seed is already there. Rows are
written in one transaction; the planner statistics and the visibility map (index-only
scans) are refreshed at the end (VACUUM ANALYZE; only ANALYZE inside a transaction, as
in the tests).
"""

import time
from typing import Any, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Model

from cooperation.bench import (
    BENCH_EMAIL,
    BenchDataError,
    Generator,
    clear_bench_data,
    marker,
)
from cooperation.models import (
    CooperationProject,
    Indicator,
    Measurement,
    Objective,
    ProjectPartner,
    SdgTarget,
    SustainableDevelopmentGoal,
)
from partners.models import Department, Organisation, PartnerTerritory, Theme, User


class Command(BaseCommand):
    help = (
        "Generates a large reproducible dataset for `make bench` (DEBUG or --force only); "
        "--clear removes it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--projects", type=int, help="Number of projects to generate.")
        parser.add_argument("--seed", type=int, default=42, help="Random seed (default 42).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off. Never on a production database.",
        )
        parser.add_argument(
            "--clear", action="store_true", help="Only remove the generated (bench-…) rows."
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Do nothing when the bench data of the same --projects and --seed exists.",
        )

    def handle(
        self,
        *args: Any,
        projects: int | None = None,
        seed: int = 42,
        force: bool = False,
        clear: bool = False,
        reuse: bool = False,
        **_: Any,
    ) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "generate_bench_data writes hundreds of thousands of rows, so it runs only with "
                "DEBUG=true (or --force, never on a production database). Nothing was changed."
            )
        if clear:
            started = time.monotonic()
            with transaction.atomic():
                self.clear()
            self.stdout.write(f"Bench data removed ({time.monotonic() - started:.1f} s).")
            return
        if not projects or projects < 1:
            raise CommandError("Give the number of projects: --projects N (N ≥ 1).")
        self.check_reference_data()
        if (
            reuse
            and User.objects.filter(email=BENCH_EMAIL, full_name=marker(projects, seed)).exists()
        ):
            self.stdout.write(
                f"Bench data of {projects} projects (seed {seed}) already there: nothing to do."
            )
            return
        started = time.monotonic()
        with transaction.atomic():
            self.clear()
            self.stdout.write(f"  previous bench data removed: {time.monotonic() - started:.1f} s")
            generator = Generator(projects=projects, seed=seed, log=self.stdout.write)
            counts = generator.run()
            User.objects.filter(pk=generator.user.pk).update(full_name=marker(projects, seed))
        analyzed = time.monotonic()
        self.analyze()
        self.stdout.write(f"  VACUUM ANALYZE: {time.monotonic() - analyzed:.1f} s")
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(
            f"Bench data of {projects} projects (seed {seed}) generated in "
            f"{time.monotonic() - started:.1f} s."
        )

    @staticmethod
    def clear() -> None:
        try:
            clear_bench_data()
        except BenchDataError as error:
            raise CommandError(str(error)) from error

    def check_reference_data(self) -> None:
        if (
            Department.objects.count() < 101
            or SustainableDevelopmentGoal.objects.count() < 17
            or not SdgTarget.objects.exists()
            or not Theme.objects.exists()
        ):
            raise CommandError(
                "Reference data missing (101 departments, 17 SDGs and their targets, themes): "
                "run `manage.py load_reference_data` first. Nothing was changed."
            )

    def analyze(self) -> None:
        """Fresh planner statistics and visibility map, as autovacuum gives a database in
        service (VACUUM cannot run in a transaction: then only ANALYZE)."""
        tables = {
            model._meta.db_table
            for model in [CooperationProject, Organisation, PartnerTerritory, Indicator]
        }
        tables |= {
            model._meta.db_table
            for model in [ProjectPartner, Objective, Measurement, Department, Theme]
        }
        for field in CooperationProject._meta.many_to_many:
            through = cast(type[Model], field.remote_field.through)
            tables.add(through._meta.db_table)
        tables.add(Organisation.themes.through._meta.db_table)
        tables.add(Indicator.sdg_targets.through._meta.db_table)
        tables.add(Objective.sdg_targets.through._meta.db_table)
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for table in sorted(tables):
                cursor.execute(f"{command} {connection.ops.quote_name(table)}")
