"""A stay cannot start before every care item is recorded; the refusal lists what is missing, changes nothing."""
from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.care import readiness
from portal.core.errors import DomainError
from portal.extensions import db
from portal.models import Decision, EmergencyContact, StayCare
from portal.workflow import stay
from tests.care.conftest import START
from tests.helpers import count

pytestmark = pytest.mark.usefixtures("request_ctx")


def test_start_without_any_care_item_is_refused_with_the_list_of_what_is_missing(bare_stay, staff):
    with force_locale("en"), pytest.raises(DomainError) as refused:
        stay.start_stay(bare_stay, staff, today=START)
    assert refused.value.status_code == 409
    message = refused.value.message
    assert "Emergency contact missing: Zoé Mineure, Marc Adulte." in message
    assert "Health and insurance attestation missing: Zoé Mineure, Marc Adulte." in message
    assert "Signed travel authorisation missing for minors: Zoé Mineure." in message
    assert "The travel itinerary is not recorded." in message
    assert "local contact at the partner" in message
    assert bare_stay.status == "approved"
    assert count(Decision, application_id=bare_stay.id) == 0


def test_the_refusal_is_in_french_by_default(bare_stay, staff):
    with force_locale("fr"), pytest.raises(DomainError) as refused:
        stay.start_stay(bare_stay, staff, today=START)
    assert "Contact d'urgence manquant : Zoé Mineure, Marc Adulte." in refused.value.message


def test_an_adult_needs_no_travel_authorisation(bare_stay, factories):
    factories.care_items(bare_stay)
    zoe = bare_stay.participants[0]
    auth = db.session.scalars(select(readiness.Document).where(
        readiness.Document.participant_id == zoe.id, readiness.Document.kind == "travel_authorisation")).one()
    auth.superseded_at = auth.uploaded_at  # a replaced authorisation no longer counts
    missing = readiness.missing_care(bare_stay)
    assert [p.first_name for p in missing.travel_authorisation] == ["Zoé"]
    assert not missing.emergency_contact and not missing.health_insurance


def test_a_document_of_another_participant_does_not_count(bare_stay, factories):
    zoe, marc = bare_stay.participants
    factories.confirmed_document(bare_stay, "health_insurance", participant_id=zoe.id)
    missing = readiness.missing_care(bare_stay)
    assert [p.first_name for p in missing.health_insurance] == ["Marc"]


def test_a_local_contact_without_a_phone_is_missing(bare_stay, factories):
    factories.care_items(bare_stay)
    care = db.session.scalars(select(StayCare)).one()
    care.local_contact_phone = " "
    missing = readiness.missing_care(bare_stay)
    assert missing.local_contact and not missing.itinerary
    assert bool(missing)


def test_with_every_care_item_the_stay_starts(bare_stay, staff, factories):
    factories.care_items(bare_stay)
    assert not readiness.missing_care(bare_stay)
    stay.start_stay(bare_stay, staff, today=START)
    assert bare_stay.status == "in_progress"
    assert count(EmergencyContact) == 2
