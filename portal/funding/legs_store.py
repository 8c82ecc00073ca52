"""An application's trip legs as stored (``travel_legs``): read them for the engine, write each leg's distance
and CO2 after a computation, replace them from the staff's form.

Without stored legs the engine uses one leg from the centre to the destination (the visitors' city to the centre
for an incoming stay) by the travel mode's vehicle; the first computation stores that leg so SQL sees every trip.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from portal import funding
from portal.core.errors import InvalidInput
from portal.extensions import db
from portal.funding.distance import CityNotFound, resolve_place
from portal.models import Application, TravelLeg

MAX_LEGS = 8


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def legs_of(application: Application) -> list[TravelLeg]:
    if application.id is None:
        return []
    return list(db.session.scalars(select(TravelLeg).where(TravelLeg.application_id == application.id)
                                   .order_by(TravelLeg.position)))


def _place(city: str, country: str, latitude: Decimal | None, longitude: Decimal | None) -> funding.Place:
    return resolve_place(city, country, _float(latitude), _float(longitude))


def entered_legs(application: Application) -> list[TravelLeg]:
    return [row for row in legs_of(application) if row.entered]


def stored_legs(application: Application) -> tuple[funding.Leg, ...]:
    """The legs the staff entered (none: the engine's default leg); a leg whose city is unknown without
    coordinates is refused with a clear reason."""
    legs = []
    for row in entered_legs(application):
        try:
            origin = _place(row.origin_city, row.origin_country, row.origin_latitude, row.origin_longitude)
            destination = _place(row.destination_city, row.destination_country, row.destination_latitude,
                                 row.destination_longitude)
        except CityNotFound:
            message = _("A leg's city was not found; edit the trip's legs.")
            raise InvalidInput(message, failed=[message]) from None
        legs.append(funding.Leg(origin, destination, funding.LegMode(row.mode)))
    return tuple(legs)


def store_figures(application: Application, carbon: funding.CarbonEstimate) -> None:
    """Write each leg's distance and CO2 (whole group, round trip); without entered legs, store the default leg the
    engine used in place of the previous default."""
    rows = legs_of(application)
    if not any(row.entered for row in rows):
        for row in rows:
            db.session.delete(row)
        db.session.flush()
        for position, figures in enumerate(carbon.per_leg):
            leg = figures.leg
            db.session.add(TravelLeg(
                application_id=application.id, position=position, mode=str(leg.mode), entered=False,
                origin_city=leg.origin.name, origin_country=leg.origin.country_code,
                origin_latitude=Decimal(str(round(leg.origin.coordinates.latitude, 6))),
                origin_longitude=Decimal(str(round(leg.origin.coordinates.longitude, 6))),
                destination_city=leg.destination.name, destination_country=leg.destination.country_code,
                destination_latitude=Decimal(str(round(leg.destination.coordinates.latitude, 6))),
                destination_longitude=Decimal(str(round(leg.destination.coordinates.longitude, 6))),
                distance_km=figures.distance_km, co2_kg=figures.co2_kg))
        return
    for row, figures in zip(rows, carbon.per_leg):
        row.distance_km, row.co2_kg = figures.distance_km, figures.co2_kg


@dataclass(frozen=True)
class LegValues:
    origin_city: str
    origin_country: str
    destination_city: str
    destination_country: str
    mode: str


def _problems(values: list[LegValues]) -> tuple[list[str], list[tuple[funding.Place, funding.Place]]]:
    problems: list[str] = []
    places: list[tuple[funding.Place, funding.Place]] = []
    if not values:
        problems.append(_("Enter at least one leg."))
    if len(values) > MAX_LEGS:
        problems.append(_("A trip has at most %(count)d legs.", count=MAX_LEGS))
    for number, leg in enumerate(values, start=1):
        if leg.mode not in {str(mode) for mode in funding.LegMode}:
            problems.append(_("Leg %(number)d: choose a travel mode.", number=number))
            continue
        try:
            origin = resolve_place(leg.origin_city, leg.origin_country)
            destination = resolve_place(leg.destination_city, leg.destination_country)
        except (CityNotFound, ValueError):
            problems.append(_("Leg %(number)d: a city was not found in the chosen country.", number=number))
            continue
        if funding.LegMode(leg.mode).green and funding.crosses_ocean(origin, destination):
            problems.append(_("Leg %(number)d crosses an ocean: it can only be flown.", number=number))
            continue
        places.append((origin, destination))
    return problems, places


def replace_legs(application: Application, values: list[LegValues]) -> list[TravelLeg]:
    """Replace the trip's legs (figures are written at the next budget computation); InvalidInput first."""
    problems, places = _problems(values)
    if problems:
        raise InvalidInput("; ".join(problems), failed=problems)
    for row in legs_of(application):
        db.session.delete(row)
    db.session.flush()
    rows = []
    for position, (leg, (origin, destination)) in enumerate(zip(values, places)):
        row = TravelLeg(
            application_id=application.id, position=position, mode=leg.mode, entered=True,
            origin_city=origin.name, origin_country=origin.country_code,
            origin_latitude=Decimal(str(round(origin.coordinates.latitude, 6))),
            origin_longitude=Decimal(str(round(origin.coordinates.longitude, 6))),
            destination_city=destination.name, destination_country=destination.country_code,
            destination_latitude=Decimal(str(round(destination.coordinates.latitude, 6))),
            destination_longitude=Decimal(str(round(destination.coordinates.longitude, 6))))
        db.session.add(row)
        rows.append(row)
    db.session.flush()
    return rows


def all_green(application: Application) -> bool:
    """Every stored leg by land; without stored legs, the green travel mode (its default leg is by rail)."""
    rows = entered_legs(application)
    if rows:
        return all(row.mode != "air" for row in rows)
    return application.travel_mode == "green"
