"""Database adapter: builds the plain inputs of suggestions.py for one application."""
from __future__ import annotations

from collections import Counter
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import BigInteger, Text, cast, func, literal_column, select

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
IS_PARTNER = Organisation.kind == OrganisationKind.PARTNER
# Every new version of a row carries the id of the transaction that wrote it (xmin), a newer one than the version
# it replaces (unless two transactions change the same partner at once and commit out of order): the count and the
# sum of xmin over the partners change with any partner added, changed or removed by another transaction, and do
# not come back to the pair the cache holds. A transaction that has written reads the registry itself: its own rows
# all share one id.
REGISTRY_VERSION = select(func.count(), func.sum(cast(cast(literal_column("organisations.xmin"), Text), BigInteger)),
                          func.txid_current_if_assigned()).select_from(Organisation).where(IS_PARTNER)

_registry: tuple[tuple | None, tuple[RegistryPartner, ...]] = (None, ())  # this process's (version, partners)


def _registry_version() -> tuple | None:
    """The registry's version on PostgreSQL, in a transaction that has not written; None otherwise (SQLite, the
    embedded default, reads the registry on each page)."""
    bind = db.session.get_bind()
    if bind.dialect.name != "postgresql":
        return None
    count, xmin_sum, own_transaction = db.session.execute(REGISTRY_VERSION).one()
    return None if own_transaction is not None else (str(bind.engine.url), count, xmin_sum)


def registry() -> tuple[RegistryPartner, ...]:
    """Every partner of the registry by name, parsed once per process and per version of the registry (its version
    is read on each call: one row, instead of a thousand rows parsed again)."""
    global _registry  # noqa: PLW0603  a cache checked against the database on each call, the same on every host
    version = _registry_version()
    cached_version, partners = _registry
    if version is None or version != cached_version:
        partners = tuple(registry_partner(row) for row in db.session.execute(
            select(*PARTNER_COLUMNS).where(IS_PARTNER).order_by(Organisation.name)))
        if version is not None:
            _registry = (version, partners)
    return partners


def partner_profiles(application: Application) -> list[PartnerProfile]:
    start = application.start_date
    booked = bookings.booked_in_year(start.year, application) if start is not None else Counter()
    successful = _successful_stays(application.organisation_id)
    balances = reciprocity.partner_balances()
    return [partner_profile(partner, booked=booked.get(partner.id, 0), successful=successful.get(partner.id, 0),
                            balance=balances.get(partner.id)) for partner in registry()]


def suggestions_for(application: Application) -> list[Suggestion]:
    return suggest(application_profile(application), partner_profiles(application))
