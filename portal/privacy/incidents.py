"""The register of confidentiality incidents (Law 25): recorded by an admin, exported as CSV for the commission.

CSV cells that a spreadsheet would read as a formula (= + - @, tab, carriage return first) are neutralised.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import Any

from flask_babel import gettext
from sqlalchemy import select

from portal.audit.trail import add_event
from portal.core.errors import InvalidInput
from portal.extensions import db
from portal.models import PrivacyIncident

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("id", "occurred_on", "discovered_on", "nature", "data_affected", "people_affected", "people_count",
           "serious_harm_risk", "commission_notified_on", "people_notified_on", "measures")


def record(values: dict[str, Any], actor: Any) -> PrivacyIncident:
    occurred, discovered = values.get("occurred_on"), values.get("discovered_on")
    if not isinstance(occurred, date) or not isinstance(discovered, date) or discovered < occurred:
        raise InvalidInput(gettext("The incident is discovered on or after the day it occurred."))
    if not (values.get("nature") or "").strip():
        raise InvalidInput(gettext("Describe the nature of the incident."))
    count = values.get("people_count") or 0
    if not isinstance(count, int) or count < 0:
        raise InvalidInput(gettext("The number of people affected cannot be negative."))
    for name in ("commission_notified_on", "people_notified_on"):
        if values.get(name) is not None and values[name] < discovered:
            raise InvalidInput(gettext("A notification cannot precede the discovery of the incident."))
    incident = PrivacyIncident(
        occurred_on=occurred, discovered_on=discovered, nature=values["nature"].strip(),
        data_affected=(values.get("data_affected") or "").strip(),
        people_affected=(values.get("people_affected") or "").strip(), people_count=count,
        serious_harm_risk=bool(values.get("serious_harm_risk")),
        commission_notified_on=values.get("commission_notified_on"),
        people_notified_on=values.get("people_notified_on"), measures=(values.get("measures") or "").strip(),
        recorded_by_id=getattr(actor, "id", None))
    db.session.add(incident)
    db.session.flush()
    add_event(actor, "privacy.incident", "privacy_incident", incident.id)
    return incident


def page(after_id: int | None = None, limit: int = 50) -> list[PrivacyIncident]:
    query = select(PrivacyIncident).order_by(PrivacyIncident.id.desc()).limit(limit)
    if after_id:
        query = query.where(PrivacyIncident.id < after_id)
    return list(db.session.scalars(query))


def safe_cell(value: Any) -> str:
    text = "" if value is None else (value.isoformat() if isinstance(value, date) else str(value))
    if isinstance(value, bool):
        text = "1" if value else "0"
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_rows(batch: int = 500) -> Iterator[str]:
    """The whole register as CSV lines, streamed in batches (never the whole table in memory)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    last_id = 0
    while True:
        rows = db.session.scalars(select(PrivacyIncident).where(PrivacyIncident.id > last_id)
                                  .order_by(PrivacyIncident.id).limit(batch)).all()
        for incident in rows:
            writer.writerow([safe_cell(getattr(incident, name)) for name in COLUMNS])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
        if len(rows) < batch:
            return
        last_id = rows[-1].id
