"""Kinds of application documents: their labels, which kinds a program asks for, which may hold several files."""
from __future__ import annotations

from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from portal.models import Application, Call

DOCUMENT_KINDS: dict[str, Any] = {
    "stay_programme": _l("Stay programme"),
    "budget_grid": _l("Budget grid"),
    "participant_list": _l("Participant list"),
    "partner_agreement": _l("Partner letter of agreement"),
    "parental_consent": _l("Parental consent"),
    "insurance": _l("Insurance certificate"),
    "health_insurance": _l("Health and insurance attestation (one participant)"),
    "travel_authorisation": _l("Signed travel authorisation (one minor)"),
    "receipt": _l("Receipt"),
    "other": _l("Other document"),
}


# Kinds that may hold several current files (one consent per minor, one receipt per expense…).
# Uploading any other kind replaces its current file.
MULTI_KINDS = frozenset({"parental_consent", "receipt", "other", "health_insurance", "travel_authorisation"})

# The care items of one participant (portal/care): uploaded from the care page once the project is approved.
CARE_KINDS = frozenset({"health_insurance", "travel_authorisation"})


def kind_label(kind: str) -> str:
    """The label in the current language (needs a request or a forced locale)."""
    return str(DOCUMENT_KINDS.get(kind, kind))


def lazy_label(kind: str) -> Any:
    return DOCUMENT_KINDS.get(kind, kind)


# What allowed_kinds reads (the program of the application's call): options for the query that loads an
# application a document is uploaded to. selectinload, so it fits a row-locking query.
LOADS = (selectinload(Application.call).selectinload(Call.program),)


def allowed_kinds(application: Application) -> list[str]:
    """The program's required kinds, then its optional ones, then every other known kind."""
    program = application.call.program
    kinds: list[str] = []
    for kind in [*program.required_document_kinds, *program.optional_document_kinds, *DOCUMENT_KINDS]:
        if kind not in kinds:
            kinds.append(kind)
    return kinds


def kind_choices(application: Application) -> list[tuple[str, str]]:
    return [(kind, kind_label(kind)) for kind in allowed_kinds(application)]


def file_size(size: int | None) -> str:
    size = size or 0
    if size < 1024:
        return _("%(size)s B", size=format_decimal(size))
    if size < 1024 * 1024:
        return _("%(size)s KB", size=format_decimal(round(size / 1024, 1)))
    return _("%(size)s MB", size=format_decimal(round(size / (1024 * 1024), 1)))
