"""Trades a partner can host: programs of study (DEP/ASP codes) and whole training sectors, from portal/data/.

A partner's `trades` column holds program codes ("5298") and sector codes written "S10"; applications carry the
program code they are for (Application.trade_code). Codes not in the reference list are kept and shown as typed.
"""
from __future__ import annotations

import csv
import gettext
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SECTOR_PREFIX = "S"


@dataclass(frozen=True)
class Sector:
    code: str  # "10"
    name_fr: str
    name_en: str

    @property
    def trade_code(self) -> str:
        return SECTOR_PREFIX + self.code

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_fr


@dataclass(frozen=True)
class ProgramOfStudy:
    code: str
    sector: str
    name_fr: str
    name_en: str

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_fr


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


@lru_cache(maxsize=1)
def sectors() -> dict[str, Sector]:
    return {row["code"]: Sector(row["code"], row["name_fr"], row["name_en"]) for row in _rows("training_sectors.csv")}


@lru_cache(maxsize=1)
def programs() -> dict[str, ProgramOfStudy]:
    return {row["code"]: ProgramOfStudy(row["code"], row["sector"], row["name_fr"], row["name_en"])
            for row in _rows("programs_of_study.csv")}


def is_sector_code(code: str) -> bool:
    return code.startswith(SECTOR_PREFIX) and code[len(SECTOR_PREFIX):] in sectors()


def sector_of(code: str | None) -> str | None:
    """The sector ("10") of a program code or of a sector code; None when unknown."""
    code = (code or "").strip().upper()
    if is_sector_code(code):
        return code[len(SECTOR_PREFIX):]
    program = programs().get(code)
    return program.sector if program else None


def trade_label(code: str, language: str) -> str:
    code = code.strip().upper()
    if is_sector_code(code):
        sector = sectors()[code[len(SECTOR_PREFIX):]]
        prefix = "Sector" if language == "en" else "Secteur"
        return f"{prefix} {sector.code} — {sector.name(language)}"
    program = programs().get(code)
    return f"{code} — {program.name(language)}" if program else code


def trade_choices(language: str) -> list[tuple[str, str]]:
    """Sectors first, then programs by code."""
    choices = [(sector.trade_code, trade_label(sector.trade_code, language)) for sector in sectors().values()]
    choices += [(code, trade_label(code, language)) for code in sorted(programs())]
    return choices


@lru_cache(maxsize=None)
def _language_translation(language: str):
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def language_name(code: str, language: str) -> str:
    """"de" → "Allemand" / "German"; the code itself when unknown."""
    found = pycountry.languages.get(alpha_2=(code or "").strip().lower())
    if found is None:
        return code
    name = _language_translation(language).gettext(found.name)
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=None)
def language_choices(language: str) -> list[tuple[str, str]]:
    def key(item: tuple[str, str]) -> str:
        return unicodedata.normalize("NFKD", item[1]).encode("ascii", "ignore").decode().casefold()

    named = [(lang.alpha_2, language_name(lang.alpha_2, language))
             for lang in pycountry.languages if hasattr(lang, "alpha_2")]
    return sorted(named, key=key)
