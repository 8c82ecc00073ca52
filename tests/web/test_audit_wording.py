"""The audit log speaks in words: budget lines by their category, money in the reader's format, no stored keys."""
from __future__ import annotations

import html

import pytest

from portal.extensions import db
from portal.models import AuditEvent, FundingLine, Role
from tests.helpers import fresh_client, login, post

URL = "/journal/"


@pytest.fixture
def reader(app, factories):
    client = fresh_client(app)
    login(client, factories.user(Role.MINISTRY))
    return client


@pytest.fixture
def approval(factories):
    application = factories.application()
    line = FundingLine(application=application, position=0, kind="transport", computed_cents=246_000,
                       requested_cents=246_000)
    db.session.add(line)
    db.session.flush()
    event = AuditEvent(action="application.approve", object_type="application", object_id=application.id,
                       before={"status": "recommended", "lines": {str(line.id): {"approved_cents": 246_000}},
                               "committed_cents": 0},
                       after={"status": "approved", "lines": {str(line.id): {"approved_cents": 200_000}},
                              "committed_cents": 200_000})
    db.session.add(event)
    db.session.flush()
    return line


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_an_approved_amount_reads_as_a_sentence_in_french(reader, approval):
    text = page_text(reader.get(URL))
    assert "Montant approuvé de la ligne Transport\u202f: 2\u00a0460,00\u00a0$ → 2\u00a0000,00\u00a0$" in text


def test_the_status_change_uses_the_statuses_names(reader, approval):
    assert "Statut\u202f: Recommandé → Accepté" in page_text(reader.get(URL)).replace("Approuvé", "Accepté")


def test_no_stored_key_is_shown(reader, approval):
    text = page_text(reader.get(URL))
    assert "lines." not in text and "approved_cents" not in text and "committed_cents" not in text


def test_english_readers_get_english_conventions(reader, approval):
    post(reader, "/langue/en", {"next": URL}, token_from=URL)
    text = page_text(reader.get(URL))
    assert "Approved amount of the Transport line: $2,460.00 → $2,000.00" in text
