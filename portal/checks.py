"""The project's own system checks, run by ``manage.py check --deploy``."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def check_site_url(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    """Production needs the public HTTPS address in SITE_URL: e-mails link to it.

    Left at its default, every link of every e-mail points to the recipient's own
    computer. Tagged ``deploy``: ``check --deploy`` refuses it; ``make run`` (DEBUG on)
    and the tests never see it."""
    if settings.DEBUG:
        return []
    site_url = settings.SITE_URL
    try:
        parts = urlsplit(site_url)
        host = parts.hostname or ""
    except ValueError:
        parts, host = None, ""
    if (
        site_url.rstrip("/") == DEFAULT_SITE_URL
        or parts is None
        or parts.scheme != "https"
        or not host
        or _is_loopback(host)
    ):
        return [
            Error(
                f"SITE_URL is {site_url!r}: the e-mails would link there.",
                hint=(
                    "Set SITE_URL to the public https:// address of the portal, "
                    "e.g. https://cooperations.example.org."
                ),
                id="portal.E001",
            )
        ]
    return []
