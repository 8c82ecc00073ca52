"""Countries by their ISO 3166-1 code, named in the reader's language (pycountry's catalogues)."""
from __future__ import annotations

import gettext
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import pycountry


@lru_cache(maxsize=None)
def _country_translation(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


@lru_cache(maxsize=None)
def _subdivision_translation(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def subdivision_name(code: str | None, language: str) -> str:
    """An ISO 3166-2 subdivision's name in the given language ("CA-BC" → "British Columbia" /
    "Colombie-Britannique"); the code when unknown."""
    if not code:
        return ""
    subdivision = pycountry.subdivisions.get(code=code.upper())
    if subdivision is None:
        return code
    return _subdivision_translation(language).gettext(subdivision.name)


def country_name(code: str | None, language: str) -> str:
    """The country's name in the given language ("DE" → "Germany" / "Allemagne"); the code when unknown."""
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    return _country_translation(language).gettext(country.name)


def sort_key(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def allowed_countries(program) -> list[str]:
    """The program's countries; a program that lists none allows every country (as the eligibility rule does)."""
    return program.countries or [country.alpha_2 for country in pycountry.countries]


def country_choices(codes: Iterable[str], language: str) -> list[tuple[str, str]]:
    named = {(code, country_name(code, language)) for code in codes if code}
    return sorted(named, key=lambda item: sort_key(item[1]))
