"""The French catalogue is complete: a visitor never meets an English string by accident."""

import re
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{\s*\w+\s*\}\}")


def test_french_catalogue_has_no_untranslated_or_fuzzy_entry():
    catalogue = polib.pofile(str(CATALOGUE))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated, first: {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, first: {fuzzy[:5]}"


def test_french_translations_keep_every_placeholder():
    catalogue = polib.pofile(str(CATALOGUE))
    broken = []
    for entry in catalogue.translated_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            found = sorted(PLACEHOLDER.findall(translation))
            # A French singular may say "une" where English says "{{ counter }}".
            if entry.msgid_plural and set(found) <= set(expected) | set(
                PLACEHOLDER.findall(entry.msgid_plural)
            ):
                continue
            if found != expected:
                broken.append((entry.msgid, translation))
    assert not broken, broken[:5]
