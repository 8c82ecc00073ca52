"""Creating and editing calls and programs: amounts typed in dollars stored in cents, refusals change nothing."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from portal.extensions import db
from portal.models import Call, Program
from tests.funding.admin.conftest import audit_count, last_audit, page_text
from tests.helpers import flashes, post


def call_data(program, **overrides) -> dict[str, str]:
    data = {"program_id": str(program.id), "year": "2031", "title_fr": "Appel 2031", "title_en": "2031 call",
            "opens_on": "2030-09-01", "closes_on": "2031-02-15", "stays_start_from": "2031-02-16",
            "stays_end_by": "2031-08-31", "envelope": "1 234 567,89", "default_nightly": "126,00",
            "default_daily": "46.25", "offset_per_tonne": "42"}
    data.update(overrides)
    return data


def test_a_call_is_created_with_amounts_in_cents_and_quebec_days_in_utc(admin, factories):
    program = factories.program()
    response = post(admin, "/admin/appels/nouveau", call_data(program), follow_redirects=True)
    assert "L’appel a été enregistré." in flashes(response)
    call = db.session.scalar(select(Call).where(Call.program_id == program.id, Call.year == 2031))
    assert (call.envelope_cents, call.default_nightly_cents, call.default_daily_cents,
            call.offset_cents_per_tonne, call.committed_cents) == (123_456_789, 12_600, 4_625, 4_200, 0)
    assert call.opens_at == datetime(2030, 9, 1, 4, 0)  # midnight in Québec (EDT) is 04:00 UTC
    assert call.closes_at == datetime(2031, 2, 16, 4, 59, 59)  # 23:59:59 EST
    event = last_audit("call.created")
    assert event.object_id == call.id and event.before is None
    assert event.after["envelope_cents"] == 123_456_789 and event.after["closes_at"] == "2031-02-16T04:59:59"


def test_editing_a_call_shows_its_values_and_audits_before_and_after(admin, rated_call):
    html = page_text(admin.get(f"/admin/appels/{rated_call.id}"))
    assert 'value="100\u00a0000,00\u00a0$"' in html  # envelope of the factory call, as the reader writes it
    response = post(admin, f"/admin/appels/{rated_call.id}",
                    call_data(rated_call.program, year=str(rated_call.year), envelope="150000"))
    assert response.status_code == 302
    db.session.expire_all()
    assert rated_call.envelope_cents == 15_000_000
    event = last_audit("call.updated")
    assert (event.before["envelope_cents"], event.after["envelope_cents"]) == (10_000_000, 15_000_000)


def refused(admin, url, data):
    events = audit_count()
    response = post(admin, url, data)
    assert response.status_code == 422
    assert audit_count() == events
    return page_text(response)


def test_an_envelope_below_the_committed_amount_is_refused(admin, rated_call):
    rated_call.committed_cents = 500_000
    db.session.flush()
    html = refused(admin, f"/admin/appels/{rated_call.id}",
                   call_data(rated_call.program, year=str(rated_call.year), envelope="4 999,99"))
    assert "L’enveloppe ne peut pas être inférieure aux montants déjà engagés (5\u00a0000,00\u00a0$)." in html
    db.session.expire_all()
    assert rated_call.envelope_cents == 10_000_000 and rated_call.title_fr == "Appel test"


def test_a_second_call_for_the_same_program_and_year_is_refused(admin, rated_call):
    html = refused(admin, "/admin/appels/nouveau", call_data(rated_call.program, year=str(rated_call.year)))
    assert f"Ce programme a déjà un appel pour {rated_call.year}." in html
    assert db.session.scalar(select(Call).where(Call.title_fr == "Appel 2031")) is None


def test_dates_in_the_wrong_order_and_bad_amounts_are_refused(admin, factories):
    program = factories.program()
    html = refused(admin, "/admin/appels/nouveau", call_data(program, closes_on="2030-08-01",
                                                             stays_end_by="2031-01-01"))
    assert "L’appel doit se terminer le jour de son ouverture ou après." in html
    assert "La période des séjours doit se terminer le jour où elle commence ou après." in html
    html = refused(admin, "/admin/appels/nouveau", call_data(program, envelope="beaucoup", default_daily=""))
    assert "Saisissez un montant comme 2\u00a0460,00\u00a0$." in html and "Saisissez un montant." in html
    assert db.session.scalar(select(Call).where(Call.program_id == program.id)) is None


def program_data(program, **overrides) -> dict:
    data = {"name_fr": program.name_fr, "name_en": program.name_en, "min_days": "7", "max_travel_days": "2",
            "cap": "2 000,00", "flat_short": "0", "flat_long": "0", "flat_long_from_days": "15",
            "max_accompanying": "2", "students_per_adult": "1", "allowed_countries": ["FR", "MX"],
            "required_documents": ["stay_programme", "budget_grid"], "optional_documents": ["insurance"],
            "active": "y"}
    data.update(overrides)
    return data


def test_a_program_rules_are_saved_and_audited(admin, factories):
    program = factories.program()
    response = post(admin, f"/admin/programmes/{program.id}", program_data(program, cap="1 500,50", min_days="10"))
    assert response.status_code == 302
    db.session.expire_all()
    assert (program.cap_cents, program.min_days, program.countries) == (150_050, 10, ["FR", "MX"])
    assert program.required_document_kinds == ["stay_programme", "budget_grid"]
    event = last_audit("program.updated")
    assert event.before["allowed_countries"] == "DE,FR,MX,GB" and event.after["allowed_countries"] == "FR,MX"
    assert (event.before["cap_cents"], event.after["cap_cents"]) == (200_000, 150_050)


def test_program_page_names_countries_in_the_interface_language(admin, factories):
    program = factories.program()
    html = page_text(admin.get(f"/admin/programmes/{program.id}"))
    assert '<option selected value="MX">Mexique</option>' in html
    assert '<option value="DK">Danemark</option>' in html


def test_bad_program_rules_are_refused_and_change_nothing(admin, factories):
    program = factories.program(funding_model="flat_by_duration", cap_cents=0, flat_short_cents=250_000,
                                flat_long_cents=300_000, flat_long_from_days=15)
    html = refused(admin, f"/admin/programmes/{program.id}",
                   program_data(program, min_days="20", flat_short="2500", flat_long="3000",
                                required_documents=["insurance"], optional_documents=["insurance"]))
    assert "Le forfait des longs séjours doit commencer après le nombre minimal de jours." in html
    assert "Un document ne peut pas être à la fois obligatoire et facultatif." in html
    db.session.expire_all()
    assert db.session.get(Program, program.id).min_days == 7


def test_the_calls_list_links_every_call_and_program(admin, rated_call):
    html = page_text(admin.get("/admin/appels"))
    assert f"/admin/appels/{rated_call.id}/baremes" in html
    assert f"/admin/programmes/{rated_call.program_id}" in html
    assert "100\u00a0000,00\u00a0$" in html


def test_the_eur_to_cad_rate_is_a_setting_of_the_call_shown_in_explanations(admin, rated_call, project):
    from portal.funding import budgets

    response = post(admin, f"/admin/appels/{rated_call.id}",
                    call_data(rated_call.program, year=str(rated_call.year), opens_on="2020-01-01",
                              eur_to_cad="1.4725", envelope="100000", offset_per_tonne="30"))
    assert response.status_code == 302
    db.session.expire_all()
    assert str(rated_call.eur_to_cad) == "1.4725"
    assert last_audit("call.updated").after["eur_to_cad"] == "1.4725"
    assert "1 EUR = 1,4725" in budgets.preview(project, "fr").lines[0].explanation.replace("\u00a0", " ")
