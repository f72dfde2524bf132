"""Each language's .po file is complete, and its compiled .mo matches it."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+(?:![rsa])?(?::[^}]*)?\}|%[sd]")


def _entries(po_path: Path) -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(po_path)) if not entry.obsolete]


def _language(po_path: Path) -> str:
    return po_path.parent.parent.name


def test_there_is_a_catalogue_for_every_language_but_english():
    assert [_language(path) for path in CATALOGUES] == [
        code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    ]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_language)
def test_every_entry_is_translated_and_none_is_fuzzy(po_path):
    catalogue = polib.pofile(str(po_path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert untranslated == [], f"translate these in {po_path}"
    assert fuzzy == [], f"check these and remove their fuzzy flag in {po_path}"
    assert not catalogue.metadata_is_fuzzy


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_language)
def test_translations_keep_every_placeholder(po_path):
    def placeholders(text):
        return sorted(PLACEHOLDER.findall(text))

    wrong = []
    for entry in _entries(po_path):
        if entry.msgid_plural:
            translations = list(entry.msgstr_plural.values())
            expected = placeholders(entry.msgid_plural)
        else:
            translations, expected = [entry.msgstr], placeholders(entry.msgid)
        wrong += [entry.msgid for text in translations if placeholders(text) != expected]
    assert wrong == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_language)
def test_the_compiled_catalogue_is_up_to_date(po_path):
    compiled = polib.mofile(str(po_path.with_suffix(".mo")))

    def pairs(catalogue):
        return {
            (entry.msgid, entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
            for entry in catalogue
            if entry.msgid and not entry.obsolete and "fuzzy" not in entry.flags
        }

    assert pairs(compiled) == pairs(polib.pofile(str(po_path))), "run `make messages`"
