"""Small helpers shared by the partners view tests (no fixtures: those live in the modules)."""

import re
from html import unescape
from pathlib import Path

from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from partners.models import LegalForm, OrganisationKind

FRENCH_CATALOGUE = (
    Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES" / "django.po"
)


def organisation_form_data(*, staff: bool, **overrides) -> dict:
    """A valid POST of OrganisationForm (a SCOP, so that no RNA number is needed).

    ``staff=True``: the staff form (it has `kind`, the department comes from the URL);
    ``staff=False``: the ESS actor's form (no `kind`, a `department` pk is expected).
    """
    data = {
        "version": "",
        "name": "Coopérative des Lilas",
        "legal_form": LegalForm.SCOP,
        "esus_approved": "",
        "description": "Une SCOP de menuiserie solidaire.",
        "siren": "",
        "siret": "",
        "rna": "",
        "local_register_number": "",
        "address": "12 rue des Lilas",
        "postal_code": "94200",
        "city": "Ivry-sur-Seine",
        "country": "FR",
        "latitude": "",
        "longitude": "",
        "website": "",
        "public_email": "",
        "public_phone": "",
    }
    if staff:
        data["kind"] = OrganisationKind.ESS_STRUCTURE
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def messages_of(response) -> list[str]:
    """The texts of the django.contrib.messages a rendered response carries."""
    return [str(message) for message in response.context["messages"]]


def french(msgid: str) -> str:
    """What a French visitor reads for ``msgid`` (its translation, or the msgid itself)."""
    with translation.override("fr"):
        return gettext(msgid)


def catalogue_has(msgid: str) -> bool:
    """Whether ``msgid`` was extracted into the French catalogue (so it is translatable)."""
    text = FRENCH_CATALOGUE.read_text(encoding="utf-8")
    entries = re.findall(r'^msgid ((?:".*"\n)+)', text, flags=re.MULTILINE)
    return any("".join(re.findall(r'"(.*)"', entry)) == msgid for entry in entries)


def text_of(response) -> str:
    """The response body as text, HTML entities decoded."""
    return unescape(response.content.decode())


def field_error_block(response, field: str) -> str:
    """The HTML of the error crispy-forms renders under ``field`` ('' if there is none)."""
    html = response.content.decode()
    match = re.search(
        rf'<(?:span|div|p)[^>]*id="error_\d+_id_{field}"[^>]*>(.*?)</(?:span|div|p)>', html, re.S
    )
    return unescape(match.group(1)) if match else ""


def link_in_last_mail(pattern: str) -> str:
    """The first URL of the last e-mail sent that contains ``pattern``."""
    body = mail.outbox[-1].body
    for url in re.findall(r"https?://\S+", body):
        if pattern in url:
            return url
    raise AssertionError(f"no link containing {pattern!r} in:\n{body}")


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session
