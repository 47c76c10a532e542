from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from partners.public_cache import install_public_data_triggers

        # After every migrate (tests included), so that new tables get their trigger.
        post_migrate.connect(
            install_public_data_triggers, sender=self, dispatch_uid="public_data_triggers"
        )
