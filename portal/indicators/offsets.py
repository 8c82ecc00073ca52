"""Offsets actually purchased: an administrator records each purchase; the indicators compare them to the
estimated offset cost of the year's trips."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from portal.core.errors import InvalidInput
from portal.extensions import db
from portal.models import OffsetPurchase


def record_purchase(*, year: int, tonnes: Decimal, amount_cents: int, supplier: str, reference: str,
                    purchased_on: date, actor_id: int | None) -> OffsetPurchase:
    if not 2000 <= year <= 2100:
        raise InvalidInput(_("The year must be between 2000 and 2100."))
    if tonnes <= 0 or tonnes >= Decimal("1000000000"):
        raise InvalidInput(_("The tonnes must be more than zero."))
    if amount_cents < 0:
        raise InvalidInput(_("The amount must not be negative."))
    if not supplier.strip():
        raise InvalidInput(_("Name the supplier."))
    purchase = OffsetPurchase(year=year, tonnes=tonnes, amount_cents=amount_cents, supplier=supplier.strip()[:200],
                              reference=reference.strip()[:200], purchased_on=purchased_on, created_by_id=actor_id)
    db.session.add(purchase)
    db.session.flush()
    return purchase


def recent_purchases(limit: int = 50) -> list[OffsetPurchase]:
    return list(db.session.scalars(select(OffsetPurchase)
                                   .order_by(OffsetPurchase.purchased_on.desc(), OffsetPurchase.id.desc())
                                   .limit(limit)))
