"""Loads the demo data: the accounts and structures of the source document's cases
(partners), their cooperation projects (cooperation), then the calls for projects of
Hauts-de-Seine with their applicants (calls). Each app loads its own part from the data
files of its `data/` folder (partners.demo, cooperation.demo, calls.demo).

Demo only: refuses to run when DEBUG is off unless --force is given, because the demo
accounts share a published password. Idempotent, and careful with what people did during
a demo (see each loader).
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from calls.demo import calls_demo_load
from cooperation.demo import cooperation_demo_load
from partners.demo import DemoDataError, partners_demo_load

# In this order: each part builds on the ones before it.
LOADERS: list[Callable[[], list[str]]] = [
    partners_demo_load,
    cooperation_demo_load,
    calls_demo_load,
]


class Command(BaseCommand):
    help = (
        "Loads the demo organisations, territories, accounts, projects and calls "
        "(DEBUG or --force only)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off. Never on a production server.",
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password, so it runs only with "
                "DEBUG=true (or --force, never in production). Nothing was changed."
            )
        for load in LOADERS:
            try:
                lines = load()
            except DemoDataError as error:
                raise CommandError(str(error)) from error
            for line in lines:
                self.stdout.write(line)
