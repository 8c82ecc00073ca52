"""Database adapter: builds the plain inputs of suggestions.py for one application."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Application, ApplicationStatus, Organisation, OrganisationKind
from portal.models.organisations import language_codes, trade_codes
from portal.partners import bookings, reciprocity
from portal.partners.catalogue import sector_of
from portal.partners.pairing.suggestions import ApplicationProfile, PartnerProfile, Suggestion, suggest

S = ApplicationStatus
SUCCESSFUL_STATUSES = (S.COMPLETED, S.CLOSED)


def application_profile(application: Application) -> ApplicationProfile:
    languages = set(application.organisation.language_list) or {"fr"}
    languages |= {participant.locale for participant in application.participants if participant.locale}
    return ApplicationProfile(
        id=application.id, centre_id=application.organisation_id, direction=application.direction,
        trade_code=(application.trade_code or "").strip().upper(), trade_sector=sector_of(application.trade_code),
        languages=frozenset(languages), participants=len(application.participants),
        start=application.start_date, end=application.end_date,
        destination_country=(application.destination_country or "").upper() or None,
        allowed_countries=frozenset(code.upper() for code in application.call.program.countries),
    )


def _successful_stays(centre_id: int) -> Counter[int]:
    query = (select(Application.partner_id, func.count(Application.id))
             .where(Application.organisation_id == centre_id, Application.partner_id.is_not(None),
                    Application.status.in_([str(s) for s in SUCCESSFUL_STATUSES]))
             .group_by(Application.partner_id))
    return Counter({partner_id: count for partner_id, count in db.session.execute(query)})


@lru_cache(maxsize=8192)
def _trades(codes: str) -> tuple[frozenset[str], frozenset[str]]:
    """A partner's program codes and their sectors, from its stored list (kept per list: the same partners are
    profiled on every pairing page)."""
    upper = frozenset(code.upper() for code in trade_codes(codes))
    return upper, frozenset(sector for sector in (sector_of(code) for code in upper) if sector)


@lru_cache(maxsize=1024)
def _languages(codes: str) -> tuple[str, ...]:
    return tuple(language_codes(codes))


def partner_profile(partner, *, booked: int = 0, successful: int = 0,
                    balance: reciprocity.Balance | None = None) -> PartnerProfile:
    """The profile of a partner: an Organisation, or a row of PARTNER_COLUMNS."""
    balance = balance or reciprocity.Balance()
    trades, sectors = _trades(partner.trades)
    return PartnerProfile(
        id=partner.id, name=partner.name, country_code=partner.country_code.upper(), active=partner.active,
        trades=trades, sectors=sectors, languages=_languages(partner.languages),
        capacity_per_year=partner.capacity_per_year, booked_in_year=booked,
        agreement_start=partner.agreement_start, agreement_end=partner.agreement_end,
        successful_stays_with_centre=successful,
        person_days_sent=balance.sent, person_days_received=balance.received,
    )


# What a profile reads of a partner: every partner is ranked on each pairing page, read as plain rows.
PARTNER_COLUMNS = (Organisation.id, Organisation.name, Organisation.country_code, Organisation.active,
                   Organisation.trades, Organisation.languages, Organisation.capacity_per_year,
                   Organisation.agreement_start, Organisation.agreement_end)


def partner_profiles(application: Application) -> list[PartnerProfile]:
    partners = db.session.execute(select(*PARTNER_COLUMNS).where(Organisation.kind == OrganisationKind.PARTNER)
                                  .order_by(Organisation.name)).all()
    start = application.start_date
    booked = bookings.booked_in_year(start.year, application) if start is not None else Counter()
    successful = _successful_stays(application.organisation_id)
    balances = reciprocity.partner_balances()
    return [partner_profile(partner, booked=booked[partner.id], successful=successful[partner.id],
                            balance=balances.get(partner.id)) for partner in partners]


def suggestions_for(application: Application) -> list[Suggestion]:
    return suggest(application_profile(application), partner_profiles(application))
