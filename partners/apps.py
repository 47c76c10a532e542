from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        # The security log of the accounts: sign-ins, failures, passwords, second factors.
        from partners import security_log

        security_log.connect()
