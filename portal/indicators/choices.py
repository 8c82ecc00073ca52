"""The options of the indicators page's filter form (calls, programs, regions): a bounded query each."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Call, Program, Region


def filter_options(language: str) -> dict[str, list[tuple[str, str]]]:
    calls = db.session.execute(select(Call.id, Call.year, Call.title_fr, Call.title_en)
                               .order_by(Call.year.desc(), Call.id)).all()
    programs = db.session.execute(select(Program.id, Program.name_fr, Program.name_en).order_by(Program.id)).all()
    regions = db.session.execute(select(Region.code, Region.name).order_by(Region.code)).all()
    years = sorted({year for _, year, _, _ in calls}, reverse=True)
    return {
        "year": [(str(year), str(year)) for year in years],
        "call_id": [(str(i), f"{en if language == 'en' else fr} ({year})") for i, year, fr, en in calls],
        "program_id": [(str(i), en if language == "en" else fr) for i, fr, en in programs],
        "region": [(code, f"{code} {name}") for code, name in regions],
    }
