"""A call with real rate tables, a centre in Québec city and a two-student project to Lyon (manual coordinates)."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from portal.core.clock import Clock
from portal.extensions import db
from portal.models import CarbonFactor, CountryRate, DistanceBand, Role
from tests.helpers import fresh_client, login

BANDS = [(0, 499, 10_000, None), (500, 1_999, 30_000, 35_000), (2_000, 7_999, 80_000, 90_000),
         (8_000, 20_100, 150_000, None)]


@pytest.fixture
def rated_call(factories):
    call = factories.call(default_nightly_cents=12_600, default_daily_cents=4_625, offset_cents_per_tonne=3_000)
    call.distance_bands = [DistanceBand(min_km=a, max_km=b, standard_cents=s, green_cents=g) for a, b, s, g in BANDS]
    call.country_rates = [CountryRate(country_code="GB", nightly_cents=15_000, daily_cents=6_000)]
    call.carbon_factors = [CarbonFactor(mode=mode, kg_per_passenger_km=Decimal(value)) for mode, value in (
        ("air_short_haul", "0.2"), ("air_medium_haul", "0.15"), ("air_long_haul", "0.1"), ("rail", "0.03"),
        ("coach", "0.03"), ("car_sharing", "0.05"))]
    db.session.flush()
    return call


@pytest.fixture
def quebec_centre(factories):
    return factories.centre(city="Québec", latitude=Decimal("46.813900"), longitude=Decimal("-71.208000"))


@pytest.fixture
def project(factories, rated_call, quebec_centre):
    """Two students, 8 days (7 nights), Québec → Lyon by air, with every required document."""
    start = Clock().today() + timedelta(days=60)
    application = factories.submittable_application(
        quebec_centre, rated_call, budget=False, start_date=start, end_date=start + timedelta(days=7),
        destination_latitude=Decimal("45.764000"), destination_longitude=Decimal("4.835700"))
    factories.participant(application)
    return application


@pytest.fixture
def staff(app, factories, quebec_centre):
    user = factories.user(Role.STAFF, organisation=quebec_centre)
    client = fresh_client(app)
    login(client, user)
    client.user = user
    return client
