"""The Spanish and German catalogues: every string of the partner pages (and of the page frame around them) is
translated, with no fuzzy entry; the rest of the portal may fall back to English, as only partner pages offer
Spanish and German."""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

import portal

TEMPLATES = Path(portal.__file__).parent / "templates"
TRANSLATIONS = Path(portal.__file__).parent / "translations"
PARTNER_TEMPLATES = ("base.html", "partners/_languages.html", "partners/respond.html", "partners/responded.html",
                     "partners/link_refused.html", "partners/return_visit.html")


def _template_msgids() -> set[str]:
    ids: set[str] = set()
    for name in PARTNER_TEMPLATES:
        for _line, message, _comments, _context in extract_from_file(
                "jinja2", TEMPLATES / name, keywords={"_": None, "gettext": None, "ngettext": (1, 2)}):
            ids.add(message if isinstance(message, str) else message[0])
    return ids


@pytest.mark.parametrize("language", ["es", "de"])
def test_every_string_of_the_partner_pages_is_translated(language):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po)
    missing = sorted(msgid for msgid in _template_msgids()
                     if msgid not in catalogue or not catalogue[msgid].string or catalogue[msgid].fuzzy)
    assert missing == []
