"""Demo partners get what the registry and the suggestions need, without overwriting what is there."""
from __future__ import annotations

from datetime import date

from portal.demo.partners import complete_demo_partners
from portal.partners.catalogue import sector_of, trade_label


def test_missing_details_are_filled_and_existing_ones_kept(factories):
    bare = factories.partner(name="Lycée professionnel de Lyon (démo)", languages="", trades="5311",
                             capacity_per_year=None)
    kept = factories.partner(name="Autre", languages="de", trades="5195", capacity_per_year=7,
                             agreement_start=date(2020, 1, 1), agreement_end=date(2021, 1, 1))
    complete_demo_partners([bare, kept], date(2030, 6, 1))
    complete_demo_partners([bare, kept], date(2030, 6, 1))  # twice: same result
    assert (bare.trades, bare.languages, bare.capacity_per_year) == ("5311,5298", "en", 20)
    assert (bare.agreement_start, bare.agreement_end.year) == (date(2029, 1, 1), 2033)
    assert (kept.trades, kept.languages, kept.capacity_per_year, kept.agreement_end) == (
        "5195", "de", 7, date(2021, 1, 1))


def test_trades_map_to_programs_and_sectors():
    assert sector_of("5298") == "10" and sector_of("s10") == "10" and sector_of("9999") is None
    assert trade_label("5298", "fr") == "5298 — Mécanique automobile"
    assert trade_label("S16", "en") == "Sector 16 — Metallurgy"
    assert trade_label("9999", "en") == "9999"
