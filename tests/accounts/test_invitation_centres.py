"""The invitation form names a centre found by part of its name: the first 20 matches are listed, never every
centre of the registry, and a search keeps what was typed and sends nothing."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.accounts.centres import SHOWN
from portal.extensions import db
from portal.models import User
from tests.helpers import login, post

INVITE = "/admin/invitations"


def centre_options(response) -> list[str]:
    html = response.get_data(as_text=True)
    select_html = re.search(r'<select[^>]*name="organisation_id".*?</select>', html, re.S).group(0)
    return [value for value in re.findall(r'<option[^>]*value="([^"]*)"', select_html) if value != "0"]


def form_value(response, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', response.get_data(as_text=True))
    return match.group(1) if match else ""


@pytest.fixture
def admin(client, factories):
    login(client, factories.user("admin"))
    return client


@pytest.fixture
def centres(factories):
    """More centres than the form lists, the last one far down the alphabet."""
    made = [factories.centre(name=f"CFP Alpha {n:02d}") for n in range(SHOWN + 5)]
    made.append(factories.centre(name="Centre Zénith de Rimouski"))
    db.session.commit()
    return made


def test_the_form_lists_the_first_centres_by_name_not_every_centre(admin, centres):
    listed = centre_options(admin.get(INVITE))
    assert listed == [str(centre.id) for centre in centres[:SHOWN]]


def test_a_search_lists_the_matching_centres_and_keeps_what_was_typed(admin, centres, inbox):
    response = post(admin, INVITE, {"email": "lea@example.com", "name": "Léa Tremblay", "role": "staff",
                                    "organisation_id": "0", "locale": "fr", "centre_search": "zénith",
                                    "find": "Find"})
    assert response.status_code == 200
    assert centre_options(response) == [str(centres[-1].id)]
    assert (form_value(response, "email"), form_value(response, "name")) == ("lea@example.com", "Léa Tremblay")
    assert db.session.scalar(select(User).where(User.email == "lea@example.com")) is None
    assert inbox.messages == []


def test_a_centre_beyond_the_first_listed_can_be_chosen(admin, centres):
    far = centres[-1]
    response = post(admin, INVITE, {"email": "lea@example.com", "name": "Léa Tremblay", "role": "staff",
                                    "organisation_id": str(far.id), "locale": "fr"})
    assert response.status_code == 302
    invited = db.session.scalar(select(User).where(User.email == "lea@example.com"))
    assert invited.organisation_id == far.id


def test_the_chosen_centre_stays_listed_after_another_search(admin, centres):
    far = centres[-1]
    response = post(admin, INVITE, {"email": "lea@example.com", "name": "Léa", "role": "staff",
                                    "organisation_id": str(far.id), "locale": "fr", "centre_search": "Alpha 01",
                                    "find": "Find"})
    assert centre_options(response) == [str(far.id), str(centres[1].id)]


def test_wildcards_in_a_search_are_taken_literally(admin, centres):
    response = post(admin, INVITE, {"email": "", "name": "", "role": "staff", "organisation_id": "0",
                                    "locale": "fr", "centre_search": "%_", "find": "Find"})
    assert response.status_code == 200
    assert centre_options(response) == []


def test_a_partner_cannot_be_named_as_the_centre(admin, centres, factories, inbox):
    partner = factories.partner()
    db.session.commit()
    response = post(admin, INVITE, {"email": "lea@example.com", "name": "Léa", "role": "staff",
                                    "organisation_id": str(partner.id), "locale": "fr"})
    assert response.status_code == 200
    assert db.session.scalar(select(User).where(User.email == "lea@example.com")) is None
    assert inbox.messages == []


def test_a_number_too_large_for_a_key_is_a_form_error_not_a_database_error(admin, centres, caplog):
    response = post(admin, INVITE, {"email": "lea@example.com", "name": "Léa", "role": "staff",
                                    "organisation_id": "9" * 20, "locale": "fr"})
    assert response.status_code == 200
    assert "organisation_id-error" in response.get_data(as_text=True)
    assert not [record for record in caplog.records if record.levelname == "ERROR"]
    assert db.session.scalar(select(User).where(User.email == "lea@example.com")) is None
