"""Every column that holds personal data, its data kind, and the retention rule of each kind.

The declared list is checked against the models by tests/privacy/test_privacy_registry.py: a new column whose
name looks personal (or that carries info={"personal": kind}) must be declared here, or explicitly declared not
personal, else the test fails; the export and the erasure of a person then cover it too.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class DataKind:
    code: str
    label: object  # lazy text
    days: int  # kept this many days after the reference moment
    after: str  # "close" (the file is closed), "stay" (the stay's last day), "sent", "done"
    rule: object  # lazy text, shown on the privacy notice


KINDS: dict[str, DataKind] = {kind.code: kind for kind in (
    DataKind("identity", _l("Participants' identity and contact details"), 7 * 365, "close",
             _l("7 years after the file is closed, then anonymised (counts and amounts are kept)")),
    DataKind("inclusion", _l("Inclusion needs"), 365, "stay",
             _l("1 year after the last day of the stay, then erased")),
    DataKind("care", _l("Emergency contacts, local contacts and incidents during the stay"), 365, "stay",
             _l("1 year after the last day of the stay, then erased")),
    DataKind("identity_documents", _l("Identity, consent, insurance and travel documents"), 0, "close",
             _l("until the file is closed, then deleted")),
    DataKind("reports", _l("Free text of the participants' reports"), 3 * 365, "close",
             _l("3 years after the file is closed, then erased (the scores are kept, anonymous)")),
    DataKind("mail", _l("Sent mail"), 90, "sent", _l("90 days after sending, then deleted")),
    DataKind("rights", _l("Requests about a person's rights"), 3 * 365, "done",
             _l("3 years after the answer, then the requester's name is erased")),
)}

# (table, column) → data kind. Each holds data about one participant (or people around them).
PERSONAL_COLUMNS: dict[tuple[str, str], str] = {
    ("participants", "first_name"): "identity",
    ("participants", "last_name"): "identity",
    ("participants", "email"): "identity",
    ("participants", "birth_date"): "identity",
    ("participants", "trade"): "identity",
    ("participants", "consent_by"): "identity",
    ("participants", "parental_consent_by"): "identity",
    ("participants", "inclusion_needs"): "inclusion",
    ("consents", "given_by"): "identity",
    ("consents", "withdrawn_by"): "identity",
    ("emergency_contacts", "name"): "care",
    ("emergency_contacts", "relation"): "care",
    ("emergency_contacts", "phone"): "care",
    ("emergency_contacts", "email"): "care",
    ("stay_care", "local_contact_name"): "care",
    ("stay_care", "local_contact_phone"): "care",
    ("stay_care", "local_contact_email"): "care",
    ("stay_incidents", "nature"): "care",
    ("stay_incidents", "actions"): "care",
    ("stay_reports", "competencies"): "reports",
    ("stay_reports", "advice"): "reports",
    ("stay_reports", "comments"): "reports",
    ("documents", "original_name"): "identity_documents",
    ("application_snapshots", "data"): "identity",
    ("mail_outbox", "recipient"): "mail",
    ("mail_outbox", "subject"): "mail",
    ("mail_outbox", "body_text"): "mail",
    ("rights_requests", "requester"): "rights",
    ("attestations", "competencies"): "reports",
}

# Columns whose name looks personal but that hold no data about a participant, with why.
NOT_PERSONAL: dict[tuple[str, str], str] = {
    ("users", "name"): "staff and reviewers' accounts: professional contact, kept while the account is active",
    ("users", "email"): "staff and reviewers' accounts: professional contact",
    ("users", "password_hash"): "a hash, no personal information",
    ("organisations", "name"): "an institution",
    ("organisations", "contact_name"): "an institution's professional contact",
    ("organisations", "contact_email"): "an institution's professional contact",
    ("organisations", "contact_phone"): "an institution's professional contact",
    ("programs", "name_fr"): "a program", ("programs", "name_en"): "a program",
    ("regions", "name"): "a region",
    ("applications", "trade_name"): "a program of study",
    ("stay_care", "itinerary"): "the group's travel plan (no person named by the form)",
    ("privacy_incidents", "people_affected"): "who is affected, described without names by the register's form",
    ("privacy_incidents", "nature"): "the incident, described without names",
    ("privacy_incidents", "data_affected"): "kinds of data affected, not the data",
    ("calls", "stays_end_by"): "a date of a call",
    ("organisations", "parent_body"): "an institution",
    ("decisions", "comment"): "reviewers' comments on a project (the file's decision record)",
    ("final_reports", "review_comment"): "the coordinator's comment on a centre's report",
    ("pairings", "partner_comment"): "an institution's comment on hosting a project",
    ("attestations", "host_signatory"): "the host institution's representative (professional capacity)",
    ("api_tokens", "name"): "the label an admin gives an API token (a system's name)",
    ("rate_table_confirmations", "table_name"): "which rate table was confirmed",
    ("amendments", "comment"): "reviewers' comments on an amendment (the file's decision record)",
    ("cap_exceptions", "decision_comment"): "the ministry's comment on a cap exception (the file's decision record)",
    ("reciprocity_obligations", "proposed_comment"): "an institution's comment on the dates it proposes",
}

# Words that make a column name look personal (see the registry test).
PERSONAL_NAME_HINTS = ("name", "email", "phone", "birth", "address", "contact", "needs", "comment", "advice",
                       "competenc", "nature", "actions", "recipient", "requester", "_by", "body", "relation", "data")


def kind_of(table: str, column: str) -> str | None:
    return PERSONAL_COLUMNS.get((table, column))
