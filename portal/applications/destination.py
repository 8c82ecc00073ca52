"""A stay's destination: a country (ISO 3166-1), or for a stay "dans le contexte canadien" another Canadian
province or territory (ISO 3166-2:CA). A stay outside Québec cannot be in Québec: CA-QC is never a destination."""
from __future__ import annotations

import pycountry
from flask_babel import gettext as _

CANADA = "CA"
QUEBEC = "CA-QC"
OTHER_PROVINCES: tuple[str, ...] = tuple(sorted(
    subdivision.code for subdivision in pycountry.subdivisions.get(country_code=CANADA) or ()
    if subdivision.code != QUEBEC))


def province_problem(country: str | None, subdivision: str | None) -> str | None:
    """Why this province cannot be the destination (None when it can, or when the stay is not in Canada)."""
    if (country or "").upper() != CANADA:
        return None
    code = (subdivision or "").strip().upper()
    if not code:
        return _("Choose the province or territory of the stay: a stay in Canada is outside Québec.")
    if code == QUEBEC:
        return _("A stay in Québec is not a mobility stay: choose another province or territory.")
    if code not in OTHER_PROVINCES:
        return _("Choose a Canadian province or territory from the list.")
    return None


def subdivision_of(country: str | None, subdivision: str | None) -> str | None:
    """The subdivision kept on the application: a province for a stay in Canada, nothing elsewhere."""
    if (country or "").upper() != CANADA:
        return None
    return (subdivision or "").strip().upper() or None
