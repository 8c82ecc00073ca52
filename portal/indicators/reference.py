"""Each region's share of vocational-training enrolment, loaded from portal/data/region_enrolment.csv into
regions.enrolment_share by `flask load-reference` (a blank share stays unknown)."""
from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

from portal.core.errors import InvalidInput
from portal.extensions import db
from portal.models import Region

ENROLMENT_CSV = Path(__file__).resolve().parent.parent / "data" / "region_enrolment.csv"


def read_shares(path: Path = ENROLMENT_CSV) -> dict[str, Decimal | None]:
    """{region code: share in percent or None}; refuses a share outside 0–100 or a total above 100.5."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    shares: dict[str, Decimal | None] = {}
    for row in rows:
        raw = (row.get("enrolment_share") or "").strip()
        try:
            share = Decimal(raw) if raw else None
        except InvalidOperation as error:
            raise InvalidInput(f"region {row['code']}: not a percentage: {raw!r}") from error
        if share is not None and not Decimal(0) <= share <= Decimal(100):
            raise InvalidInput(f"region {row['code']}: {share} is not between 0 and 100")
        shares[row["code"].strip()] = share
    total = sum(share for share in shares.values() if share is not None)
    if total > Decimal("100.5"):
        raise InvalidInput(f"the shares total {total} %, more than 100")
    return shares


def load_enrolment_shares(path: Path = ENROLMENT_CSV) -> int:
    """Sets the share of every region named in the file; returns how many regions got a known share."""
    shares = read_shares(path)
    known = 0
    for code, share in shares.items():
        region = db.session.get(Region, code)
        if region is not None:
            region.enrolment_share = share
            known += share is not None
    db.session.flush()
    return known
