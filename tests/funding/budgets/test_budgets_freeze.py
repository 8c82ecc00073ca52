"""At submission the rates are frozen on the lines: changing the call's tables never changes a submitted budget."""
from __future__ import annotations

import pytest

from portal.core.clock import utcnow
from portal.core.errors import Conflict
from portal.extensions import db
from portal.funding import budgets
from portal.workflow import operations
from tests.helpers import post


def test_changing_the_bands_after_submission_never_changes_the_budget(project, staff, rated_call):
    operations.submit(project, staff.user, utcnow())
    db.session.flush()
    before = [(line.kind, line.computed_cents, line.requested_cents, line.explanation_fr)
              for line in project.funding_lines]
    assert before[0][1] == 160_000 and all(line.rates["frozen"] for line in project.funding_lines)

    for band in rated_call.distance_bands:
        band.standard_cents *= 2
    db.session.flush()

    with pytest.raises(Conflict):  # not editable any more
        budgets.recompute(project)
    db.session.expire_all()
    assert [(line.kind, line.computed_cents, line.requested_cents, line.explanation_fr)
            for line in project.funding_lines] == before
    preview = staff.get(f"/projets/{project.id}/budget.json").get_json()  # uses the frozen rates
    assert preview["lines"][0]["amount_cents"] == 160_000
    assert post(staff, f"/projets/{project.id}/budget", {},
                token_from=f"/projets/{project.id}/budget").status_code == 409
