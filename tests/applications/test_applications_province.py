"""The project form: a stay "dans le contexte canadien" names its province or territory, never Québec itself."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Application, Role
from portal.workflow import snapshots
from tests.applications.test_applications_views import form_data, invalid_fields
from tests.helpers import fresh_client, login, post


@pytest.fixture
def staff(factories):
    return factories.user(Role.STAFF)


@pytest.fixture
def call(factories):
    return factories.call(program=factories.program(allowed_countries="CA,FR"))


@pytest.fixture
def browser(app, staff):
    client = fresh_client(app)
    login(client, staff)
    client.user = staff
    return client


def created(title: str) -> Application | None:
    return db.session.scalars(select(Application).where(Application.title == title)).first()


def test_staff_choose_canada_and_ontario(browser, call):
    response = post(browser, "/projets/nouveau", form_data(call, title="Toronto", destination_country="CA",
                                                            destination_subdivision="CA-ON",
                                                            destination_city="Toronto"))
    assert response.status_code == 302
    application = created("Toronto")
    assert (application.destination_country, application.destination_subdivision) == ("CA", "CA-ON")


def test_the_form_offers_the_provinces_but_not_quebec(browser, call):
    html = browser.get("/projets/nouveau").get_data(as_text=True)
    assert 'value="CA-ON"' in html and "Colombie-Britannique" in html
    assert 'value="CA-QC"' not in html


@pytest.mark.parametrize(("province", "message"), [
    ("", "Choisissez la province ou le territoire du séjour"),
    ("CA-QC", "Un séjour au Québec n’est pas un séjour de mobilité"),
    ("CA-XX", "Choisissez une province ou un territoire canadien dans la liste"),
    ("FR-69", "Choisissez une province ou un territoire canadien dans la liste"),
])
def test_a_missing_or_invalid_province_is_refused_with_a_clear_message(browser, call, province, message):
    response = post(browser, "/projets/nouveau", form_data(call, title="Sans province", destination_country="CA",
                                                            destination_subdivision=province,
                                                            destination_city="Toronto"))
    assert response.status_code == 200
    html = response.get_data(as_text=True).replace("&#39;", "’").replace("'", "’")
    assert message in html
    assert "destination_subdivision" in invalid_fields(response.get_data(as_text=True))
    assert created("Sans province") is None


def test_a_province_is_dropped_for_a_stay_abroad(browser, call):
    response = post(browser, "/projets/nouveau", form_data(call, title="Lyon", destination_subdivision="CA-ON"))
    assert response.status_code == 302
    assert created("Lyon").destination_subdivision is None


def test_editing_shows_and_changes_the_province(browser, call):
    post(browser, "/projets/nouveau", form_data(call, title="Vancouver", destination_country="CA",
                                                destination_subdivision="CA-ON", destination_city="Vancouver"))
    application = created("Vancouver")
    edit = f"/projets/{application.id}/modifier"
    assert re.search(r'<option[^>]*selected[^>]*value="CA-ON"|<option[^>]*value="CA-ON"[^>]*selected',
                     browser.get(edit).get_data(as_text=True))
    data = form_data(title="Vancouver", destination_country="CA", destination_subdivision="CA-BC",
                     destination_city="Vancouver", version=application.version)
    assert post(browser, edit, data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Application, application.id).destination_subdivision == "CA-BC"


def test_the_reviewers_snapshot_keeps_the_province(factories, call):
    application = factories.application(call_obj=call, destination_country="CA", destination_subdivision="CA-ON",
                                        destination_city="Toronto")
    assert snapshots.build(application)["fields"]["destination_subdivision"] == "CA-ON"
