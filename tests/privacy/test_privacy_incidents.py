"""The admins' register of privacy incidents: recorded with its checks, exported as CSV with formulas neutralised."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from portal.core.errors import DomainError
from portal.models import PrivacyIncident, Role
from portal.privacy import incidents
from tests.helpers import count, login, post

VALUES = {"occurred_on": date(2026, 3, 1), "discovered_on": date(2026, 3, 2), "nature": "Courriel mal adressé",
          "data_affected": "noms, dates de naissance", "people_affected": "un groupe de 12 élèves", "people_count": 12,
          "serious_harm_risk": True, "commission_notified_on": date(2026, 3, 3), "people_notified_on": None,
          "measures": "Rappel du message"}


@pytest.mark.parametrize("cell, expected", [("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-1", "'-1"),
                                            ("@cmd", "'@cmd"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("ok", "ok")])
def test_a_cell_read_as_a_formula_is_neutralised(cell, expected):
    assert incidents.safe_cell(cell) == expected


def test_an_incident_discovered_before_it_occurred_is_refused(factories, request_ctx):
    with pytest.raises(DomainError) as refused:
        incidents.record({**VALUES, "discovered_on": date(2026, 2, 1)}, factories.user(Role.ADMIN))
    assert refused.value.status_code == 400
    assert count(PrivacyIncident) == 0


def test_a_notification_before_the_discovery_is_refused(factories, request_ctx):
    with pytest.raises(DomainError):
        incidents.record({**VALUES, "commission_notified_on": date(2026, 3, 1)}, factories.user(Role.ADMIN))


def test_the_admin_records_an_incident_and_exports_the_register(client, factories):
    admin = factories.user(Role.ADMIN)
    from portal.extensions import db
    db.session.commit()
    login(client, admin)
    response = post(client, "/confidentialite/incidents", {
        "occurred_on": "2026-03-01", "discovered_on": "2026-03-02", "nature": "=HYPERLINK(\"x\")",
        "people_count": "3", "serious_harm_risk": "y", "measures": "Mots de passe changés"})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    exported = client.get("/confidentialite/incidents.csv")
    assert exported.mimetype == "text/csv"
    header, row = list(csv.reader(io.StringIO(exported.get_data(as_text=True))))
    assert header[:4] == ["id", "occurred_on", "discovered_on", "nature"]
    assert row[3] == "'=HYPERLINK(\"x\")" and row[6] == "3" and row[7] == "1"


def test_a_coordinator_cannot_see_the_register(client, factories):
    coordinator = factories.user(Role.COORDINATOR)
    from portal.extensions import db
    db.session.commit()
    login(client, coordinator)
    assert client.get("/confidentialite/incidents").status_code == 403
    assert client.get("/confidentialite/incidents.csv").status_code == 403
