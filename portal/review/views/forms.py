"""Forms of the review pages: the queue's filters (GET) and the decision forms (POST, CSRF).

Every decision form carries the application's version (a stale form is refused) and a one-time key generated when
the page is shown (a resent form finds the decision it already made). Per-line amounts are posted as
``line-<id>`` fields in dollars and parsed against the application's own lines only.
"""
from __future__ import annotations

import re
import secrets
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from portal.models import FundingKind, FundingLine
from portal.web.form_choices import choices  # noqa: F401  (the views use forms.choices)
from portal.web.money_input import (
    MAX_CENTS,
    amount_message,
    format_cents_for_input,
    parse_dollars_to_cents,
    too_large_message,
)

KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
COMMENT_MAX = 4000


def _strip(value):
    return value.strip() if isinstance(value, str) else ""


def new_key() -> str:
    return secrets.token_urlsafe(24)


class QueueFilterForm(FlaskForm):
    """Filters sent in the query string (GET): nothing is changed, so there is no CSRF token."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=[], default="submitted")
    call = SelectField(_l("Call"), choices=[], default="")
    program = SelectField(_l("Program"), choices=[], default="")
    region = SelectField(_l("Region"), choices=[], default="")
    cmm = SelectField(_l("Montréal metropolitan community"), default="",
                      choices=choices([("", _l("Inside or outside")), ("in", _l("Inside the CMM")),
                                       ("out", _l("Outside the CMM"))]))
    country = SelectField(_l("Destination country"), choices=[], default="")
    to_pair = BooleanField(_l("To pair: outgoing, recommended or approved, without a partner"))
    min_age = IntegerField(_l("In the queue for at least (days)"), validators=[Optional(), NumberRange(min=0,
                                                                                                        max=3650)])
    max_age = IntegerField(_l("In the queue for at most (days)"), validators=[Optional(), NumberRange(min=0,
                                                                                                       max=3650)])
    sort = SelectField(_l("Sort by"), default="age",
                       choices=choices([("age", _l("Age in the queue")), ("centre", _l("Centre")),
                                        ("amount", _l("Amount requested")), ("start", _l("Start date"))]))
    order = SelectField(_l("Order"), default="asc",
                        choices=choices([("asc", _l("Ascending (oldest first for age)")),
                                         ("desc", _l("Descending"))]))
    submit = SubmitField(_l("Filter"))

    def validate_max_age(self, field) -> None:
        if field.data is not None and self.min_age.data is not None and field.data < self.min_age.data:
            raise ValidationError(_l("The maximum age must not be below the minimum age."))


class MinistryFilterForm(FlaskForm):
    """The ministry queue's one filter (GET, no CSRF): a call."""

    class Meta:
        csrf = False

    call = SelectField(_l("Call"), choices=[], default="")
    submit = SubmitField(_l("Filter"))


class DecisionForm(FlaskForm):
    """What every decision form carries: the version it was shown for and its one-time key."""

    version = HiddenField()
    idempotency_key = HiddenField()

    def prepare(self, version: int) -> DecisionForm:
        """Fill the hidden fields of a form about to be shown."""
        self.version.data = str(version)
        self.idempotency_key.data = new_key()
        return self

    def posted_version(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None

    def validate_idempotency_key(self, field) -> None:
        if not KEY_PATTERN.fullmatch(field.data or ""):
            raise ValidationError(_l("This form was not sent as the page gave it. Please reload the page and try again."))


class RequestChangesForm(DecisionForm):
    comment = TextAreaField(
        _l("What must the centre change?"), filters=[_strip], id="request-changes-comment",
        validators=[DataRequired(message=_l("Write a comment: the centre's staff will read it.")),
                    Length(max=COMMENT_MAX)], render_kw={"rows": 3})
    submit = SubmitField(_l("Request changes"), id="request-changes-submit")


class RecommendForm(DecisionForm):
    """Optional adjusted amounts per line (line-<id>, dollars); a reason is required when one differs."""

    comment = TextAreaField(_l("Comment for the ministry (optional)"), filters=[_strip], id="recommend-comment",
                            validators=[Length(max=COMMENT_MAX)], render_kw={"rows": 2})
    reason = TextAreaField(_l("Reason for the adjustments"), filters=[_strip], id="recommend-reason",
                           validators=[Length(max=COMMENT_MAX)], render_kw={"rows": 2})
    submit = SubmitField(_l("Recommend to the ministry"), id="recommend-submit")


class RejectForm(DecisionForm):
    reason = TextAreaField(
        _l("Reason for the rejection"), filters=[_strip], id="reject-reason",
        validators=[DataRequired(message=_l("Give the reason for the rejection: the centre's staff will read it.")),
                    Length(max=COMMENT_MAX)], render_kw={"rows": 3})
    submit = SubmitField(_l("Reject the application"), id="reject-submit")


class SendBackForm(DecisionForm):
    comment = TextAreaField(
        _l("Why send it back to the coordinator?"), filters=[_strip], id="send-back-comment",
        validators=[DataRequired(message=_l("Write a comment: the coordinator will read it.")),
                    Length(max=COMMENT_MAX)], render_kw={"rows": 3})
    submit = SubmitField(_l("Send back to the coordinator"), id="send-back-submit")


class ApproveForm(DecisionForm):
    """Approved amounts per line (line-<id>, dollars); an empty field keeps the requested amount."""

    submit = SubmitField(_l("Approve and commit the amounts"), id="approve-submit")


def adjustable(line: FundingLine) -> bool:
    """A cap reduction is carried over as it is: it has no amount field."""
    return line.kind != FundingKind.CAP_REDUCTION


def line_field(line: FundingLine) -> str:
    return f"line-{line.id}"


def line_values(lines: list[FundingLine], formdata: Any = None, approved: bool = False) -> dict[str, str]:
    """What each line's amount field shows: the posted text, else the requested (or approved) amount."""
    values = {}
    for line in lines:
        name = line_field(line)
        if formdata is not None and name in formdata:
            values[name] = formdata.get(name, "")
        else:
            default = line.approved_cents if approved and line.approved_cents is not None else line.effective_requested_cents
            values[name] = format_cents_for_input(default)
    return values


def parse_line_amounts(lines: list[FundingLine], formdata: Any) -> tuple[dict[int, int], dict[str, str]]:
    """({line_id: cents}, {field: error}) from the posted line-<id> fields; empty or absent fields are left out.

    Only the lines passed in are read: a posted line of another application is ignored.
    """
    amounts: dict[int, int] = {}
    errors: dict[str, str] = {}
    for line in lines:
        if not adjustable(line):
            continue
        name = line_field(line)
        text = (formdata.get(name) or "").strip()
        if not text:
            continue
        try:
            cents = parse_dollars_to_cents(text)
        except ValueError:
            errors[name] = amount_message()
            continue
        if cents > MAX_CENTS:
            errors[name] = too_large_message(MAX_CENTS)
            continue
        amounts[line.id] = cents
    return amounts, errors
