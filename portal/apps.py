from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top floor: pages that combine apps, and the commands that load them all. It may
    import every app; no app imports it (README « Layout of the code »)."""

    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from portal.checks import check_site_url

        checks.register(check_site_url, "deploy", checks.Tags.security, deploy=True)
