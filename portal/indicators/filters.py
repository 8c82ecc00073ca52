"""The indicators page's filters, parsed from the query string once and applied to every aggregate.

Filters restrict applications: call year, call, program, direction, the centre's region and its place inside or
outside the Montréal metropolitan community (CMM), the destination country and the partner.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from flask_babel import gettext as _
from sqlalchemy import Select
from sqlalchemy.orm import aliased

from portal.core.errors import InvalidInput
from portal.models import Application, Call, Direction, IndicatorTotal, Organisation

Centre = aliased(Organisation, name="centre")


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    call_id: int | None = None
    program_id: int | None = None
    direction: str | None = None
    region: str | None = None
    cmm: str | None = None  # "in" or "out"
    country: str | None = None
    partner_id: int | None = None

    def query_args(self) -> dict[str, str]:
        return {name: str(value) for name, value in asdict(self).items() if value is not None}


def _int(args: Mapping[str, str], name: str, low: int = 1, high: int = 2**31 - 1) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise InvalidInput(_("The filter %(name)s is not valid.", name=name))
    return int(raw)


def _choice(args: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    if raw not in allowed:
        raise InvalidInput(_("The filter %(name)s is not valid.", name=name))
    return raw


def parse(args: Mapping[str, str]) -> Filters:
    """Filters from the query string; a value that is not one of the choices is a 400, never a silent default."""
    region = (args.get("region") or "").strip()
    if region and not (len(region) == 2 and region.isdigit()):
        raise InvalidInput(_("The filter %(name)s is not valid.", name="region"))
    country = (args.get("country") or "").strip().upper()
    if country and not (len(country) == 2 and country.isalpha()):
        raise InvalidInput(_("The filter %(name)s is not valid.", name="country"))
    return Filters(year=_int(args, "year", 2000, 2100), call_id=_int(args, "call_id"),
                   program_id=_int(args, "program_id"),
                   direction=_choice(args, "direction", tuple(str(d) for d in Direction)),
                   region=region or None, cmm=_choice(args, "cmm", ("in", "out")), country=country or None,
                   partner_id=_int(args, "partner_id"))


def apply(query: Select, filters: Filters, source=Application) -> Select:
    """Restrict a query that already joins its source (Application or IndicatorTotal), Call and Centre."""
    conditions = []
    if filters.year is not None:
        conditions.append(Call.year == filters.year)
    if filters.call_id is not None:
        conditions.append(source.call_id == filters.call_id)
    if filters.program_id is not None:
        conditions.append(Call.program_id == filters.program_id)
    if filters.direction is not None:
        conditions.append(source.direction == filters.direction)
    if filters.region is not None:
        conditions.append(Centre.region_code == filters.region)
    if filters.cmm is not None:
        conditions.append(Centre.in_cmm.is_(filters.cmm == "in"))
    if filters.country is not None:
        conditions.append(source.destination_country == filters.country)
    if filters.partner_id is not None:
        conditions.append(source.partner_id == filters.partner_id)
    return query.where(*conditions) if conditions else query


def base_joins(query: Select, source=Application) -> Select:
    return (query.join(Call, Call.id == source.call_id)
            .join(Centre, Centre.id == source.organisation_id))


def scoped(query: Select, filters: Filters) -> Select:
    """A query from Application, joined to its call and centre, with the filters applied."""
    return apply(base_joins(query), filters)


def summarised(query: Select, filters: Filters, *, lean: bool = False) -> Select:
    """A query from the indicators summary (one row per application), joined to its call and centre, filtered.

    lean: the query reads no column of the call or the centre, so each is joined only when a filter needs it (every
    row has both: the foreign keys are NOT NULL, so leaving the join out drops no row)."""
    if not lean:
        return apply(base_joins(query, IndicatorTotal), filters, IndicatorTotal)
    if filters.year is not None or filters.program_id is not None:
        query = query.join(Call, Call.id == IndicatorTotal.call_id)
    if filters.region is not None or filters.cmm is not None:
        query = query.join(Centre, Centre.id == IndicatorTotal.organisation_id)
    return apply(query, filters, IndicatorTotal)


def calls_scope(query: Select, filters: Filters) -> Select:
    """Filters that make sense for calls (year, call, program)."""
    if filters.year is not None:
        query = query.where(Call.year == filters.year)
    if filters.call_id is not None:
        query = query.where(Call.id == filters.call_id)
    if filters.program_id is not None:
        query = query.where(Call.program_id == filters.program_id)
    return query
