"""The centres an invitation can name, found by part of their name: the registry holds thousands of them (2 000 in
the bench), too many for one list on every view of the form."""
from __future__ import annotations

from sqlalchemy import select

from portal.core.text import contains_pattern
from portal.extensions import db
from portal.models import Organisation, OrganisationKind

SHOWN = 20
IS_CENTRE = Organisation.kind == OrganisationKind.CENTRE


def centre_choices(search: str, selected: int | None) -> list[tuple[int, str]]:
    """The first SHOWN centres by name whose name contains `search` (any centre when it is blank), and the centre
    already chosen ahead of them when it is not among them."""
    query = select(Organisation.id, Organisation.name).where(IS_CENTRE)
    if search.strip():
        query = query.where(Organisation.name.ilike(contains_pattern(search.strip()), escape="\\"))
    found = [(row.id, row.name) for row in db.session.execute(
        query.order_by(Organisation.name, Organisation.id).limit(SHOWN))]
    if selected and all(centre_id != selected for centre_id, _name in found):
        chosen = db.session.execute(select(Organisation.id, Organisation.name)
                                    .where(IS_CENTRE, Organisation.id == selected)).first()
        if chosen is not None:
            found.insert(0, (chosen.id, chosen.name))
    return found
