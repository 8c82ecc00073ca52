"""Great-circle distance and the offline gazetteer."""
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.funding.distance import (
    EARTH_RADIUS_KM,
    CityNotFound,
    find_city,
    haversine_km,
    lookup_city,
    normalize_name,
    resolve_place,
)
from portal.funding.types import Coordinates

pytestmark = pytest.mark.no_db  # pure functions: no database transaction

coords = st.builds(
    Coordinates,
    st.floats(-90, 90, allow_nan=False, allow_infinity=False),
    st.floats(-180, 180, allow_nan=False, allow_infinity=False),
)


@given(coords, coords)
def test_distance_is_symmetric_and_bounded(a, b):
    assert haversine_km(a, b) == haversine_km(b, a)
    assert 0 <= haversine_km(a, b) <= math.pi * EARTH_RADIUS_KM + 1e-6


@given(coords)
def test_distance_to_self_is_zero(a):
    assert haversine_km(a, a) == pytest.approx(0, abs=1e-6)


def test_quarter_meridian():
    # Equator to pole = πR/2 = 1.57079633 × 6 371.0088 = 10 007.557 km
    assert haversine_km(Coordinates(0, 0), Coordinates(90, 0)) == pytest.approx(10007.557, abs=0.001)


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Québec", "CA", 46.81228, -71.21454),
        ("Quebec", "ca", 46.81228, -71.21454),
        ("  QUÉBEC ", "CA", 46.81228, -71.21454),
        ("Ville de Québec", "CA", 46.81228, -71.21454),  # alternate name
        ("Montréal", "CA", 45.50884, -73.58781),
        ("montreal", "CA", 45.50884, -73.58781),
        ("Rimouski", "CA", 48.44879, -68.52396),
        ("Lyon", "FR", 45.74906, 4.84789),
        ("Stuttgart", "DE", 48.78232, 9.17702),
        ("Puebla", "MX", 19.04778, -98.20723),  # the big Puebla (1.7 M), not Ejido Puebla (BC)
        ("Toronto", "CA", 43.70643, -79.39864),
        ("Sept-Iles", "CA", 50.20011, -66.38208),
    ],
)
def test_find_city(name, country, lat, lon):
    found = find_city(name, country)
    assert found is not None
    assert (found.latitude, found.longitude) == pytest.approx((lat, lon), abs=1e-4)


def test_lookup_prefers_most_populous_and_country():
    assert lookup_city("Puebla", "MX").population > 1_000_000
    paris_fr, paris_us = lookup_city("Paris", "FR"), lookup_city("Paris", "US")
    assert paris_fr.country_code == "FR" and paris_us.country_code == "US"
    assert paris_fr.coordinates != paris_us.coordinates


def test_unknown_city_and_manual_fallback():
    assert find_city("Nowhereville-sur-Rien", "CA") is None
    assert find_city("", "CA") is None
    assert find_city("Lyon", "ZZ") is None
    with pytest.raises(CityNotFound):
        resolve_place("Nowhereville-sur-Rien", "CA")
    place = resolve_place("Nowhereville-sur-Rien", "ca", latitude=48.1, longitude=-66.1)
    assert place.country_code == "CA" and place.coordinates == Coordinates(48.1, -66.1)
    # explicit coordinates win over the gazetteer
    assert resolve_place("Lyon", "FR", 1.0, 2.0).coordinates == Coordinates(1.0, 2.0)
    with pytest.raises(ValueError):
        resolve_place("Lyon", "FR", latitude=1.0)


def test_normalize_name():
    assert normalize_name("Saint-Jean-sur-Richelieu") == normalize_name("saint jean sur richelieu")
    assert normalize_name("Îles-de-la-Madeleine") == "iles de la madeleine"


def test_coordinates_validated():
    with pytest.raises(ValueError):
        Coordinates(91, 0)
    with pytest.raises(ValueError):
        Coordinates(0, float("nan"))
