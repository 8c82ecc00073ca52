"""Database adapter: builds the plain inputs of suggestions.py for one application."""
from __future__ import annotations

from collections import Counter
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import Select, func, select

from portal.extensions import db
from portal.models import Application, ApplicationStatus, Organisation, OrganisationKind
from portal.models.organisations import language_codes, trade_codes
from portal.partners import bookings, reciprocity
from portal.partners.catalogue import sector_of
from portal.partners.pairing import versioned
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


class RegistryPartner(NamedTuple):
    """What a profile reads of a partner in the registry, its code lists parsed."""
    id: int
    name: str
    country_code: str
    active: bool
    trades: frozenset[str]
    sectors: frozenset[str]
    languages: tuple[str, ...]
    capacity_per_year: int | None
    agreement_start: date | None
    agreement_end: date | None


def registry_partner(partner) -> RegistryPartner:
    """An Organisation, or a row of PARTNER_COLUMNS, as the profiles read it."""
    trades, sectors = _trades(partner.trades)
    return RegistryPartner(partner.id, partner.name, partner.country_code.upper(), partner.active, trades, sectors,
                           _languages(partner.languages), partner.capacity_per_year, partner.agreement_start,
                           partner.agreement_end)


def partner_profile(partner: RegistryPartner, *, booked: int = 0, successful: int = 0,
                    balance: reciprocity.Balance | None = None) -> PartnerProfile:
    """The partner as the rules rank it for one application: its registry fields, then that application's figures
    (a PartnerProfile begins with the fields of a RegistryPartner, in the same order)."""
    sent, received = (balance.sent, balance.received) if balance else (0, 0)
    return PartnerProfile(*partner, booked, successful, sent, received)


# What a profile reads of a partner: every partner is ranked on each pairing page, read as plain rows.
PARTNER_COLUMNS = (Organisation.id, Organisation.name, Organisation.country_code, Organisation.active,
                   Organisation.trades, Organisation.languages, Organisation.capacity_per_year,
                   Organisation.agreement_start, Organisation.agreement_end)
REGISTRY_ROWS = (select(*PARTNER_COLUMNS).where(Organisation.kind == OrganisationKind.PARTNER)
                 .order_by(Organisation.name))


def _read_registry() -> tuple[RegistryPartner, ...]:
    return tuple(registry_partner(row) for row in db.session.execute(REGISTRY_ROWS))


REGISTRY_VERSION = versioned.version_statement(REGISTRY_ROWS)


def registry() -> tuple[RegistryPartner, ...]:
    """Every partner of the registry by name, parsed once per worker and per version of the registry."""
    return versioned.held("registry", versioned.read_version(REGISTRY_VERSION), _read_registry)


def _profiles_of_year(year: int | None) -> tuple[PartnerProfile, ...]:
    """Every partner with the places taken in the stay's year and its balance: what no application changes."""
    booked = bookings.booked_of_year(year) if year is not None else Counter()
    balances = reciprocity.partner_balances()
    return tuple(partner_profile(partner, booked=booked.get(partner.id, 0), balance=balances.get(partner.id))
                 for partner in registry())


def profiles_of_year(year: int | None) -> tuple[PartnerProfile, ...]:
    """As _profiles_of_year, held per worker and checked against the version of the registry, the balances and the
    year's bookings (one statement, instead of three thousand rows read and a thousand profiles built)."""
    version = versioned.read_version(_profiles_version(year))
    return versioned.held(("profiles", year), version, lambda: _profiles_of_year(year))


@lru_cache(maxsize=64)
def _profiles_version(year: int | None) -> Select:
    sources = [REGISTRY_ROWS, reciprocity.partner_balance_rows()]
    if year is not None:
        sources.append(bookings.year_rows(year))
    return versioned.version_statement(*sources)


def partner_profiles(application: Application) -> list[PartnerProfile]:
    """The partners as the rules rank them for this application: the year's profiles, with the centre's successful
    stays, and without the places the application itself takes (its own participants do not take places from it)."""
    year = application.start_date.year if application.start_date is not None else None
    profiles = profiles_of_year(year)
    successful = _successful_stays(application.organisation_id)
    own = bookings.own_booking(application, year)
    if not successful and not own:
        return list(profiles)
    return [profile._replace(booked_in_year=profile.booked_in_year - own[profile.id],
                             successful_stays_with_centre=successful[profile.id])
            if profile.id in successful or profile.id in own else profile for profile in profiles]


def suggestions_for(application: Application) -> list[Suggestion]:
    return suggest(application_profile(application), partner_profiles(application))
