"""Regional equity: participants of counted stays per administrative region of their centre, against the
region's share of Québec's vocational-training enrolment (regions.enrolment_share, from the reference CSV)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from portal.extensions import db
from portal.indicators.activity import T, counted, people
from portal.indicators.filters import Centre, Filters, summarised
from portal.models import Region


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    participants: int
    share: float | None  # of all participants counted here
    enrolment_share: Decimal | None  # percent, None when the reference is not loaded

    @property
    def gap(self) -> float | None:
        """Percentage points above (+) or below (−) the region's enrolment share."""
        if self.share is None or self.enrolment_share is None:
            return None
        return round(self.share * 100 - float(self.enrolment_share), 1)


def by_region(filters: Filters) -> list[RegionRow]:
    """Every region, even without participants (LEFT JOIN from the reference table)."""
    counts = (summarised(select(Centre.region_code.label("code"), func.sum(people()).label("n")).select_from(T),
                         filters).where(counted()).group_by(Centre.region_code).subquery())
    total = select(func.coalesce(func.sum(counts.c.n), 0)).scalar_subquery()
    query = (select(Region.code, Region.name, func.coalesce(counts.c.n, 0), total, Region.enrolment_share)
             .outerjoin(counts, counts.c.code == Region.code).order_by(Region.code))
    rows = []
    for code, name, n, all_participants, enrolment in db.session.execute(query):
        share = n / int(all_participants) if all_participants else None
        rows.append(RegionRow(code, name, int(n), share, enrolment))
    return rows
