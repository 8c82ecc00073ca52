"""Demo details of the seeded partner institutions (called by portal/demo/seed.py): what the registry and the pairing
suggestions need, filled in only where missing, so that admins' edits survive a second seed."""
from __future__ import annotations

from datetime import date, timedelta

from portal.models import Organisation

DEFAULT_LANGUAGES = "en"
DEFAULT_CAPACITY = 20
# Programs of study each demo partner also hosts (the demo application is in automobile mechanics, 5298).
EXTRA_TRADES = {
    "Lycée professionnel de Lyon (démo)": ("5298",),
    "Berufliche Schule Stuttgart (démo)": ("5298", "S16"),
    "CONALEP Puebla (démo)": ("S10",),
}


def complete_demo_partners(partners: list[Organisation], today: date) -> None:
    for partner in partners:
        trades = partner.trade_list
        for code in EXTRA_TRADES.get(partner.name, ()):
            if code not in trades:
                trades.append(code)
        partner.trades = ",".join(trades)
        if not partner.language_list:
            partner.languages = DEFAULT_LANGUAGES
        if partner.capacity_per_year is None:
            partner.capacity_per_year = DEFAULT_CAPACITY
        if partner.agreement_start is None:
            partner.agreement_start = date(today.year - 1, 1, 1)
        if partner.agreement_end is None:
            partner.agreement_end = partner.agreement_start + timedelta(days=5 * 365)
