from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CommonConfig(AppConfig):
    """The toolkit under every app: no model of the domain (README « Layout of the code »)."""

    name = "common"
    verbose_name = "Common"

    def ready(self) -> None:
        from common.public_cache import install_public_data_triggers

        # After every migrate (tests included), so that new tables get their trigger.
        post_migrate.connect(
            install_public_data_triggers, sender=self, dispatch_uid="public_data_triggers"
        )
        # The table of the database cache, when a cache uses one (settings CACHES).
        post_migrate.connect(_create_cache_tables, sender=self, dispatch_uid="cache_tables")


def _create_cache_tables(*, using: str = "default", **kwargs: object) -> None:
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
