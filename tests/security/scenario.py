"""One small world for the systematic security tests: two centres with their staff, a participant account, a
coordinator, a ministry officer and an administrator; centre A's approved project with a participant (the
participant account), a computed line, a document; a partner, a call and its program."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

from portal.core.clock import Clock, utcnow
from portal.extensions import db, services
from portal.models import (
    ApiToken,
    Application,
    Attestation,
    Call,
    CapException,
    CountryRate,
    DatedRate,
    Document,
    Organisation,
    Participant,
    Program,
    User,
)
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
ROLES = ("anonymous", "staff_a", "staff_b", "participant", "coordinator", "ministry", "admin")


@dataclass
class World:
    users: dict[str, User | None]
    application: Application
    participant: Participant
    document: Document
    receipt: Document
    call: Call
    program: Program
    partner: Organisation
    others: list[Application]  # centre A's projects in other states (draft, submitted, recommended, completed)
    extras: dict[str, int]  # ids of the objects of the newer routes (API token, rates, exception, attestation)

    def url_values(self, endpoint: str = "") -> dict[str, object]:
        """A real value for each URL variable of the portal's routes."""
        if endpoint == "bootstrap.static":
            return {"filename": "css/bootstrap.min.css"}
        if endpoint == "privacy.export":
            return self._values() | {"fmt": "json"}
        return self._values() | {"doc_id": self.receipt.id} if endpoint.startswith("reports.receipt") else \
            self._values()

    def _values(self) -> dict[str, object]:
        return {"application_id": self.application.id, "participant_id": self.participant.id,
                "doc_id": self.document.id, "call_id": self.call.id, "program_id": self.program.id,
                "partner_id": self.partner.id, "token": "not-a-real-token-0123456789", "lang": "en",
                "code": "GB", "filename": "portal.css", "slug": "endosser", "table": "bands",
                "dataset": "applications", "fmt": "csv", **self.extras}


def build_world() -> World:
    centre_a, centre_b = factories.centre(), factories.centre()
    participant_user = factories.user("participant")
    users = {"anonymous": None, "staff_a": factories.user("staff", organisation=centre_a),
             "staff_b": factories.user("staff", organisation=centre_b), "participant": participant_user,
             "coordinator": factories.user("coordinator"), "ministry": factories.user("ministry"),
             "admin": factories.user("admin")}
    partner = factories.partner()
    start = Clock().today() + timedelta(days=60)
    application = factories.application(centre_org=centre_a, created_by=users["staff_a"], status="approved",
                                        start_date=start, partner=partner)
    participant = factories.participant(application, user_id=participant_user.id, email=participant_user.email,
                                        birth_date=date(2000, 1, 1))
    factories.budget_line(application, kind="transport", computed_cents=50_000, requested_cents=50_000,
                          approved_cents=50_000)
    line = factories.budget_line(application, kind="lodging", computed_cents=20_000, approved_cents=20_000)
    document = factories.confirmed_document(application, "stay_programme")
    receipt = factories.confirmed_document(application, "receipt", funding_line_id=line.id)
    for doc in (document, receipt):
        services.storage.put(doc.storage_key, io.BytesIO(PDF), "application/pdf")
    application.call.country_rates = [CountryRate(country_code="GB", nightly_cents=15_000, daily_cents=6_000)]
    others = [factories.application(centre_org=centre_a, call_obj=application.call, created_by=users["staff_a"],
                                    status=status, start_date=start, partner=partner)
              for status in ("draft", "submitted", "recommended", "completed")]
    for other in others:
        factories.participant(other)
        factories.budget_line(other, kind="transport", computed_cents=50_000, requested_cents=50_000,
                              approved_cents=50_000 if other.status == "completed" else None)
    extras = _newer_objects(application, participant)
    db.session.commit()
    return World(users=users, application=application, participant=participant, document=document,
                 receipt=receipt, call=application.call, program=application.call.program, partner=partner,
                 others=others, extras=extras)


def _newer_objects(application: Application, participant: Participant) -> dict[str, int]:
    token = ApiToken(name="ministère", scopes="read", token_hash="0" * 64, prefix="0000",
                     expires_at=utcnow() + timedelta(days=30))
    rate = DatedRate(call_id=application.call_id, destination="GB", kind="nightly", valid_from=date(2027, 6, 1),
                     valid_to=date(2027, 10, 31), amount_cents=13_800)
    exception = CapException(application_id=application.id, amount_cents=10_000, reason="Tarif imposé")
    attestation = Attestation(participant_id=participant.id, application_id=application.id)
    db.session.add_all([token, rate, exception, attestation])
    db.session.flush()
    return {"token_id": token.id, "rate_id": rate.id, "exception_id": exception.id,
            "attestation_id": attestation.id, "obligation_id": 999_999}
