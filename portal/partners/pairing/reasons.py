"""Suggestion reasons in words, in the current language (suggestions.py stays free of Flask)."""
from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext

from portal.i18n import current_language
from portal.i18n.countries import country_name
from portal.partners.catalogue import language_name, sectors, trade_label
from portal.partners.pairing.suggestions import Reason, ReasonCode


def describe(code: str, params: dict[str, Any]) -> str:
    language = current_language()
    code = ReasonCode(code)
    if code == ReasonCode.SAME_TRADE:
        return gettext("Hosts the same program of study (%(trade)s)", trade=trade_label(params["trade"], language))
    if code == ReasonCode.SAME_SECTOR:
        sector = sectors().get(str(params["sector"]))
        return gettext("Hosts the same training sector (%(sector)s)",
                       sector=sector.name(language) if sector else params["sector"])
    if code == ReasonCode.NO_TRADE_MATCH:
        return gettext("Lists neither this program of study nor its sector")
    if code == ReasonCode.LANGUAGE:
        names = ", ".join(language_name(str(lang), language) for lang in params["languages"])
        return gettext("Teaches in a language of the group (%(languages)s)", languages=names)
    if code == ReasonCode.NO_SHARED_LANGUAGE:
        return gettext("No language in common with the group")
    if code == ReasonCode.PLANNED_COUNTRY:
        return gettext("In the planned destination country (%(country)s)",
                       country=country_name(str(params["country"]), language))
    if code == ReasonCode.CAPACITY_LEFT:
        return gettext("%(left)d places left for the stay's year, for %(needed)d participants",
                       left=params["left"], needed=params["needed"])
    if code == ReasonCode.CAPACITY_SHORT:
        return gettext("Not enough places left for the stay's year: %(left)d for %(needed)d participants",
                       left=params["left"], needed=params["needed"])
    if code == ReasonCode.CAPACITY_UNKNOWN:
        return gettext("Hosting capacity not stated")
    if code == ReasonCode.PAST_STAYS:
        return gettext("Past successful stays with this centre: %(count)d", count=int(params["count"]))
    if code == ReasonCode.RECIPROCITY_OWED:
        return gettext("Owed a visit: %(days)d person-days to balance the exchanges", days=params["person_days"])
    return gettext("The agreement does not cover the dates of the stay")


def _jsonable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def to_json(reasons: tuple[Reason, ...]) -> str:
    """What Pairing.reasons keeps: the codes, points and parameters (put into words when shown)."""
    return json.dumps([{"code": str(r.code), "points": r.points,
                        "params": {k: _jsonable(v) for k, v in r.params.items()}} for r in reasons])


def from_json(text: str) -> list[tuple[int, str]]:
    """[(points, words)] from a stored Pairing.reasons; unreadable or unknown entries are skipped."""
    try:
        items = json.loads(text or "[]")
    except ValueError:
        return []
    described = []
    for item in items if isinstance(items, list) else []:
        try:
            described.append((int(item["points"]), describe(item["code"], dict(item.get("params") or {}))))
        except (KeyError, TypeError, ValueError):
            continue
    return described
