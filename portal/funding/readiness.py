"""Whether a call's rate tables may be trusted: complete, and each confirmed by an administrator.

Tables: distance bands, lodging/subsistence rates (the defaults, per-country and dated rows, provinces included),
carbon factors, host rates of incoming stays (undated and dated), Canadian distance bands (none: Canadian stays use
the general bands, which the admin confirms by confirming an empty table). Confirming a table marks its rows verified and records who confirmed it (audit log);
changing a table afterwards withdraws its confirmation (see ``withdraw``). A call cannot open (``call_rules``)
while a table is incomplete or unconfirmed.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from portal.audit.trail import add_event
from portal.core.errors import InvalidInput
from portal.extensions import db
from portal.funding import reference_rows
from portal.funding.rates import CARBON_KEYS
from portal.models import Call, RateTableConfirmation, User

# What ``incomplete`` reads from a call: options for the query that loads a call about to be checked.
LOADS = (selectinload(Call.distance_bands), selectinload(Call.carbon_factors))

TABLES = {"bands": _l("Distance bands"), "rates": _l("Lodging and subsistence rates"),
          "carbon": _l("Carbon factors"), "host": _l("Host rates of incoming stays"),
          "canada": _l("Canadian distance bands")}


def _rows(call: Call, table: str) -> list:
    if table == "bands":
        return list(call.distance_bands)
    lodging, host = reference_rows.split_dated(reference_rows.dated_rates(call))
    if table == "rates":
        return [*call.country_rates, *lodging]
    if table == "carbon":
        return list(call.carbon_factors)
    if table == "canada":
        return reference_rows.canadian_bands(call)
    return [*reference_rows.host_rates(call), *host]


def incomplete(call: Call) -> list[str]:
    """What is missing for a budget to be computed from this call's tables."""
    problems = []
    if not call.distance_bands:
        problems.append(_("The call has no distance bands."))
    if not call.default_nightly_cents or not call.default_daily_cents:
        problems.append(_("The call has no default nightly and daily rates."))
    missing = set(CARBON_KEYS) - {row.mode for row in call.carbon_factors}
    if missing:
        problems.append(_("Carbon factors are missing for: %(modes)s.", modes=", ".join(sorted(missing))))
    return problems


def confirmed_tables(call: Call) -> set[str]:
    if call.id is None:
        return set()
    return set(db.session.scalars(select(RateTableConfirmation.table_name)
                                  .where(RateTableConfirmation.call_id == call.id)))


def unconfirmed(call: Call) -> list[str]:
    done = confirmed_tables(call)
    return [_("%(table)s: not yet confirmed by an administrator.", table=label)
            for table, label in TABLES.items() if table not in done]


def not_ready(call: Call) -> list[str]:
    return incomplete(call) + unconfirmed(call)


def unverified_count(call: Call, table: str) -> int:
    return sum(1 for row in _rows(call, table) if not row.verified)


def confirm(call: Call, table: str, actor: User | None, remote_addr: str | None = None) -> None:
    """An administrator vouches for a table: its rows become verified; recorded in the audit log."""
    if table not in TABLES:
        message = _("Unknown rate table.")
        raise InvalidInput(message, failed=[message])
    rows = _rows(call, table)
    for row in rows:
        row.verified = True
    if table not in confirmed_tables(call):
        db.session.add(RateTableConfirmation(call_id=call.id, table_name=table,
                                             confirmed_by_id=actor.id if actor else None))
    db.session.flush()
    add_event(actor, "call.rate_table_confirmed", "call", call.id, after={"table": table, "rows": len(rows)},
              remote_addr=remote_addr)


def withdraw(call: Call, table: str) -> None:
    """A table changed: its confirmation no longer holds."""
    db.session.execute(delete(RateTableConfirmation).where(RateTableConfirmation.call_id == call.id,
                                                           RateTableConfirmation.table_name == table))
