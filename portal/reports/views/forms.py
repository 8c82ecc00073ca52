"""Forms of the reports: the participant's report, the final report, receipts, the coordinator's review."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.models import FundingLine
from portal.web.form_choices import choices
from portal.web.money_input import MAX_CENTS, parse_dollars_to_cents

SCALE = choices((value, str(value)) for value in range(1, 6))
TEXT_LIMIT = 5000


def _scale(label) -> RadioField:
    # Range checked again by the operation; an empty scale is allowed in a draft.
    return RadioField(label, choices=SCALE, coerce=int, validate_choice=False, validators=[Optional()])


class ReportLanguageForm(FlaskForm):
    """The report form's language button (the value is checked by the operation)."""

    lang = HiddenField()


class StayReportForm(FlaskForm):
    competencies = TextAreaField(_l("Competencies of your trade you practised during the stay"),
                                 validators=[Length(max=TEXT_LIMIT)])
    language_progress = _scale(_l("Progress in the host language (1: none, 5: a lot)"))
    satisfaction_preparation = _scale(_l("Preparation before departure"))
    satisfaction_host = _scale(_l("Host institution"))
    satisfaction_lodging = _scale(_l("Lodging"))
    satisfaction_overall = _scale(_l("Overall"))
    advice = TextAreaField(_l("What would you tell the next group?"), validators=[Length(max=TEXT_LIMIT)])
    comments = TextAreaField(_l("Other comments"), validators=[Length(max=TEXT_LIMIT)])
    quote_consent = BooleanField(_l("I agree that my answers may be quoted anonymously"))
    save = SubmitField(_l("Save as draft"))
    submit = SubmitField(_l("Submit my report"))

    def values(self) -> dict:
        names = ("competencies", "language_progress", "satisfaction_preparation", "satisfaction_host",
                 "satisfaction_lodging", "satisfaction_overall", "advice", "comments", "quote_consent")
        return {name: getattr(self, name).data for name in names}


class ActionForm(FlaskForm):
    """A button that posts (CSRF only)."""


class FinalReportForm(FlaskForm):
    outcomes = TextAreaField(_l("Outcomes against the objectives"), validators=[Length(max=20000)])
    reciprocal_visit_status = TextAreaField(
        _l("Reciprocal visit"), validators=[Length(max=TEXT_LIMIT)],
        description=_l("Done (dates, number of visitors), planned (dates) or cancelled (why)."))
    overrun_justification = TextAreaField(_l("Justification of the overrun"), validators=[Length(max=TEXT_LIMIT)])
    save = SubmitField(_l("Save as draft"))
    submit = SubmitField(_l("Submit the final report"))


def actual_field_name(line: FundingLine) -> str:
    return f"actual-{line.id}"


def read_actuals(formdata: Mapping[str, str], lines: Iterable[FundingLine]) -> tuple[dict[int, int | None], list]:
    """{line id: cents or None} from the dollar inputs, and the lines whose input is not an amount."""
    actuals: dict[int, int | None] = {}
    invalid = []
    for line in lines:
        text = (formdata.get(actual_field_name(line)) or "").strip()
        if not text:
            actuals[line.id] = None
            continue
        try:
            actuals[line.id] = parse_dollars_to_cents(text)
        except ValueError:
            invalid.append(line)
            continue
        if actuals[line.id] > MAX_CENTS:  # a typing mistake, and more than the database column holds
            del actuals[line.id]
            invalid.append(line)
    return actuals, invalid


class ReceiptForm(FlaskForm):
    line_id = SelectField(_l("Funding line"), coerce=int, validators=[DataRequired()])
    file = FileField(_l("Receipt"), validators=[FileRequired(_l("Choose a file."))],
                     description=_l("PDF, image, office document or CSV."))
    upload = SubmitField(_l("Add the receipt"))


class ReviewFinalForm(FlaskForm):
    comment = TextAreaField(_l("Comment"), validators=[Length(max=TEXT_LIMIT)],
                            description=_l("Required to ask for corrections."))
    accept = SubmitField(_l("Accept the final report"))
    corrections = SubmitField(_l("Ask for corrections"))


class CloseFileForm(FlaskForm):
    override_reason = TextAreaField(
        _l("Reason for closing despite missing items"), validators=[Length(max=TEXT_LIMIT)],
        description=_l("Only needed when participant reports or receipts are missing."))
    submit = SubmitField(_l("Close the file"))
