"""Frozen snapshots: plain JSON, numbered per application, and the diff reviewers see."""
from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import ApplicationSnapshot, Role
from portal.workflow import operations, snapshots


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():
        yield


@pytest.fixture
def staff(factories):
    return factories.user(Role.STAFF)


@pytest.fixture
def ready(factories, staff):
    return factories.submittable_application(centre_org=staff.organisation)


def test_build_is_plain_json(factories, ready):
    factories.budget_line(ready, requested_cents=123_456, rates={"nightly_cents": 12_600})
    data = snapshots.build(ready)
    assert json.loads(json.dumps(data)) == data


def test_build_writes_dates_as_iso_strings(ready):
    data = snapshots.build(ready)
    assert data["fields"]["start_date"] == ready.start_date.isoformat()


def test_build_keeps_cents_as_integers(factories, ready):
    factories.budget_line(ready, computed_cents=98_765, requested_cents=90_000)
    line = snapshots.build(ready)["funding_lines"][-1]
    assert (line["computed_cents"], line["requested_cents"]) == (98_765, 90_000)


def test_build_lists_only_current_documents(factories, ready):
    factories.confirmed_document(ready, "insurance", status="pending")
    old = factories.confirmed_document(ready, "other")
    old.superseded_at = datetime(2026, 1, 1)
    kinds = sorted(d["kind"] for d in snapshots.build(ready)["documents"])
    assert kinds == sorted(ready.call.program.required_document_kinds)


def test_snapshots_are_numbered_per_application(factories, ready):
    other = factories.submittable_application()
    snapshots.take(other)
    numbers = [snapshots.take(ready).number, snapshots.take(ready).number]
    assert numbers == [1, 2]


def test_stored_snapshot_reads_back_as_built(ready):
    snapshot = snapshots.take(ready)
    db.session.expire(snapshot)
    assert snapshot.data == snapshots.build(ready)


def test_diff_of_identical_snapshots_is_empty(ready):
    assert snapshots.diff(snapshots.build(ready), snapshots.build(ready)) == []


def test_diff_reports_a_changed_field(ready):
    before = snapshots.build(ready)
    ready.destination_city = "Marseille"
    assert snapshots.diff(before, snapshots.build(ready)) == [
        snapshots.Change("fields.destination_city", "Lyon", "Marseille")]


def test_diff_reports_a_removed_participant(ready):
    before = snapshots.build(ready)
    gone = ready.participants[0]
    ready.participants.remove(gone)
    db.session.flush()
    changes = snapshots.diff(before, snapshots.build(ready))
    assert [(c.path, c.kind, c.after) for c in changes] == [(f"participants.{gone.id}", "removed", None)]


def test_diff_reports_a_changed_participant_field(ready):
    before = snapshots.build(ready)
    person = ready.participants[0]
    person.email = "new@example.com"
    changes = snapshots.diff(before, snapshots.build(ready))
    assert changes == [snapshots.Change(f"participants.{person.id}.email", None, "new@example.com")]


def test_diff_reports_an_added_document(factories, ready):
    before = snapshots.build(ready)
    document = factories.confirmed_document(ready, "insurance")
    changes = snapshots.diff(before, snapshots.build(ready))
    assert [(c.path, c.kind) for c in changes] == [(f"documents.{document.id}", "added")]


def test_diff_reports_a_changed_budget_line(factories, ready):
    line = factories.budget_line(ready, requested_cents=100_000)
    before = snapshots.build(ready)
    line.requested_cents = 80_000
    changes = snapshots.diff(before, snapshots.build(ready))
    assert changes == [snapshots.Change(f"funding_lines.{line.id}.requested_cents", 100_000, 80_000)]


def test_edit_after_a_change_request_makes_snapshot_two_with_the_changes(factories, ready, staff):
    operations.submit(ready, staff)
    ready.status = "changes_requested"  # the coordinator's request (review issue)
    old_title = ready.title
    ready.title = "Projet révisé"
    added = factories.participant(ready)
    operations.submit(ready, staff)
    first, second = db.session.scalars(select(ApplicationSnapshot).where(
        ApplicationSnapshot.application_id == ready.id).order_by(ApplicationSnapshot.number)).all()
    changes = snapshots.diff(first.data, second.data)
    assert second.number == 2
    assert snapshots.Change("fields.title", old_title, "Projet révisé") in changes
    assert [c.kind for c in changes if c.path == f"participants.{added.id}"] == ["added"]
