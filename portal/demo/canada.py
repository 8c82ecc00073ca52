"""A demo stay in another Canadian province: the students' call gets Canadian distance bands and Ontario's seasonal
lodging rates with its other reference data, and a draft project to Toronto computes its budget from them, so the
budget page shows a Canadian band and a province's rate in its explanation."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from portal.core.clock import utcnow
from portal.extensions import db
from portal.funding import budgets
from portal.models import Application, Call, CanadianBand, DatedRate, Organisation, Participant, User

CANADIAN_STAY_TITLE = "Stage en soudage-montage à Toronto (démo)"
PROVINCE = "CA-ON"
# Demo figures (unverified), CAD cents per participant for the round trip: the ministry sets its own per call.
CANADIAN_BANDS = ((10, 499, 180_00, 220_00), (500, 1_999, 350_00, 420_00), (2_000, 5_499, 600_00, 700_00))
CANADIAN_BANDS_SOURCE = "démo : montants fictifs (non vérifiés)"
LODGING_SOURCE = "portal/data/lodging_subsistence.csv"
START_IN_DAYS = 90


def apply_canadian_rates(call: Call, low_season_cents: int, high_season_cents: int) -> None:
    """The call's Canadian bands, and Ontario's hotel caps outside Québec by season (November to May, June to
    October) over the years of its stays window."""
    for low, high, standard, green in CANADIAN_BANDS:
        db.session.add(CanadianBand(call=call, min_km=low, max_km=high, standard_cents=standard, green_cents=green,
                                    source=CANADIAN_BANDS_SOURCE))
    for year in range(call.stays_start_from.year - 1, call.stays_end_by.year + 1):
        db.session.add(DatedRate(call=call, destination=PROVINCE, kind="nightly", valid_from=date(year, 6, 1),
                                 valid_to=date(year, 10, 31), amount_cents=high_season_cents, source=LODGING_SOURCE))
        db.session.add(DatedRate(call=call, destination=PROVINCE, kind="nightly", valid_from=date(year, 11, 1),
                                 valid_to=date(year + 1, 5, 31), amount_cents=low_season_cents,
                                 source=LODGING_SOURCE))


def seed_demo_canadian_stay(centre: Organisation, call: Call, staff: User, today: date) -> Application | None:
    """A draft group stay in Toronto, its budget computed as the project form would; once (by title)."""
    if db.session.scalar(select(Application.id).where(Application.title == CANADIAN_STAY_TITLE)) is not None:
        return None
    start = today + timedelta(days=START_IN_DAYS)
    application = Application(
        call=call, organisation=centre, created_by=staff, title=CANADIAN_STAY_TITLE, trade_code="5195",
        trade_name="Soudage-montage", direction="outgoing", group_kind="group", destination_country="CA",
        destination_subdivision=PROVINCE, destination_city="Toronto", start_date=start,
        end_date=start + timedelta(days=13), travel_days=2,
        objectives="Découvrir les pratiques d'atelier d'une autre province.",
        activities="Stage en atelier de fabrication, visites de chantiers.",
    )
    application.participants = [
        Participant(first_name="Noah", last_name="Apprenti", kind="student", birth_date=date(2004, 2, 17),
                    consent_by="Noah Apprenti", consent_at=utcnow(), consent_purpose="mobility"),
        Participant(first_name="Julie", last_name="Enseignante", kind="accompanying", birth_date=date(1979, 6, 3),
                    consent_by="Julie Enseignante", consent_at=utcnow(), consent_purpose="mobility"),
    ]
    db.session.add(application)
    db.session.flush()
    budgets.keep_current(application)  # as the project form and the participant pages would
    return application
