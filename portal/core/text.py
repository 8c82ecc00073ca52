"""Rules on people's text shared by every entry point (one-by-one forms, CSV import) and by the exports.

- A name that starts like a spreadsheet formula is refused everywhere (a spreadsheet would run it when a list is
  exported and opened: CSV/formula injection, OWASP).
- Names are compared as people read them, in any script: Unicode case folding and compatibility normalisation
  (NFKC), accents dropped only from Latin letters ("Élodie" = "elodie", but "Алёна" ≠ "Алена" stays as written
  apart from case, and Arabic, Chinese or Greek names are never reduced to nothing).
"""
from __future__ import annotations

import unicodedata

# What spreadsheets read as the start of a formula (and the tab and carriage return that hide one).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def contains_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, its own wildcards (% and _) taken literally (escape character: \\)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def starts_like_formula(text: str | None) -> bool:
    """True when a spreadsheet opening this text could take it for a formula (leading spaces ignored)."""
    return bool(text) and text.lstrip(" ").startswith(FORMULA_PREFIXES)


def neutralise_for_spreadsheet(text: str) -> str:
    """Text written to a CSV cell: a leading apostrophe makes a formula-like value plain text."""
    return "'" + text if starts_like_formula(text) else text


def _is_latin(char: str) -> bool:
    try:
        return "LATIN" in unicodedata.name(char)
    except ValueError:
        return False


def name_key(name: str | None) -> str:
    """The form of a name used to compare two names: case-folded, NFKC, accents off Latin letters only, runs of
    spaces, hyphens and apostrophes as one space."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and kept and _is_latin(kept[-1]):
            continue  # an accent on a Latin letter: "é" compares as "e"
        kept.append(char)
    text = unicodedata.normalize("NFC", "".join(kept))
    words = "".join(" " if char.isspace() or char in "-'’‐‑" else char for char in text).split()
    return " ".join(words)
