"""Forms of the applications blueprint; the project form reads into a ProjectValues (``applications.operations``).

Only the fields declared here are ever read from a request: a posted ``status``, ``organisation_id``, ``amount``
or ``call_id`` (on edit) is simply ignored. The ``version`` hidden field is compared by the view, never written.
"""
from __future__ import annotations

from typing import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.applications import destination
from portal.applications.operations import ProjectValues
from portal.i18n.countries import allowed_countries, country_choices, country_name, sort_key, subdivision_name
from portal.models import Application, Direction, GroupKind, Organisation, TravelMode
from portal.web.form_choices import choices as _choices
from portal.web.money_input import DollarField, format_cents_for_input, parse_dollars_to_cents  # noqa: F401  (re-exported)

MAX_QUOTE_CENTS = 100_000_000  # 1,000,000.00 $: anything above is a typing mistake
NO_PARTNER = 0

DIRECTION_LABELS = {Direction.OUTGOING: _l("Outgoing (our people go abroad)"),
                    Direction.INCOMING: _l("Incoming (we host visitors)")}
GROUP_KIND_LABELS = {GroupKind.GROUP: _l("Group"), GroupKind.INDIVIDUAL: _l("Individual")}
TRAVEL_MODE_LABELS = {TravelMode.AIR: _l("Air (distance band)"),
                      TravelMode.GREEN: _l("Green travel: train or bus (distance band)"),
                      TravelMode.QUOTED: _l("Quoted actual cost (with a justification)")}


# --- the project form --------------------------------------------------------------------------------------------

# Model attribute → form field, for everything the form may change (and nothing else).
PLAIN_FIELDS = ("title", "trade_code", "trade_name", "direction", "group_kind", "destination_country",
                "destination_city", "start_date", "end_date", "travel_days", "travel_mode", "objectives",
                "activities", "reciprocal_start", "reciprocal_end", "reciprocal_count")


def _strip(value):
    """Text fields: surrounding spaces removed, and a field missing from the request is the empty text."""
    return value.strip() if isinstance(value, str) else ""


class ApplicationForm(FlaskForm):
    """The project's own fields; the call is chosen on creation only (NewApplicationForm)."""

    title = StringField(_l("Project title"), filters=[_strip], validators=[DataRequired(), Length(max=200)])
    trade_code = StringField(
        _l("Program of study code"), filters=[_strip], validators=[DataRequired(), Length(max=20)],
        description=_l("The DEP or ASP code, for example 5330."),
    )
    trade_name = StringField(
        _l("Program of study"), filters=[_strip], validators=[DataRequired(), Length(max=200)],
        description=_l("For example: Welding and Fitting (DEP)."),
    )
    direction = SelectField(_l("Direction"), choices=_choices(DIRECTION_LABELS.items()), default=Direction.OUTGOING)
    group_kind = SelectField(_l("Group or individual"), choices=_choices(GROUP_KIND_LABELS.items()),
                             default=GroupKind.GROUP)
    partner_id = SelectField(
        _l("Partner institution"), coerce=int, default=NO_PARTNER,
        description=_l("Choose from the partner registry, or let the coordinator pair your project."),
    )
    destination_country = SelectField(
        _l("Destination country"), validators=[DataRequired()],
        description=_l("For an incoming stay: the country the visitors come from."),
    )
    destination_subdivision = SelectField(
        _l("Province or territory (stays in Canada)"), validate_choice=False,
        description=_l("Only for a stay in Canada: the province or territory outside Québec."),
    )
    destination_city = StringField(_l("Destination city"), filters=[_strip],
                                   validators=[DataRequired(), Length(max=120)])
    start_date = DateField(_l("Start date"), validators=[InputRequired()])
    end_date = DateField(_l("End date"), validators=[InputRequired()],
                         description=_l("Days are counted inclusively, travel days included."))
    travel_days = IntegerField(
        _l("Travel days"), default=2,
        validators=[InputRequired(), NumberRange(min=0, max=10, message=_l("Enter a number from 0 to 10."))],
        description=_l("Days spent travelling, included in the stay."),
    )
    travel_mode = SelectField(_l("Travel mode"), choices=_choices(TRAVEL_MODE_LABELS.items()), default=TravelMode.AIR)
    quoted_amount = DollarField(
        _l("Quoted transport cost ($)"),
        description=_l("Only for a quoted actual cost: the total amount of the quote, in dollars."),
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    quote_justification = TextAreaField(
        _l("Justification of the quote"), filters=[_strip], validators=[Length(max=5000)],
        description=_l("Only for a quoted actual cost: why the distance band does not apply."),
    )
    objectives = TextAreaField(_l("Objectives"), filters=[_strip], validators=[Length(max=10000)],
                               render_kw={"rows": 4})
    activities = TextAreaField(_l("Planned activities"), filters=[_strip], validators=[Length(max=10000)],
                               render_kw={"rows": 4})
    reciprocal_start = DateField(_l("Reciprocal visit: start date"), validators=[Optional()])
    reciprocal_end = DateField(_l("Reciprocal visit: end date"), validators=[Optional()])
    reciprocal_count = IntegerField(
        _l("Reciprocal visit: number of counterparts"),
        validators=[Optional(), NumberRange(min=0, max=500, message=_l("Enter a number from 0 to 500."))],
    )
    submit = SubmitField(_l("Save the draft"))

    def __init__(self, *args, partners: list[Organisation] = (), countries: Iterable[str] = (),
                 language: str = "fr", **kwargs):
        super().__init__(*args, **kwargs)
        self.partner_id.choices = _choices([(NO_PARTNER, _("To be paired by the coordinator"))] + [
            (p.id, f"{p.name} — {p.city}, {country_name(p.country_code, language)}") for p in partners
        ])
        self._partners = {p.id: p for p in partners}
        self._language = language
        self.destination_country.choices = _choices(
            [("", _("— choose a country —"))] + country_choices(countries, language))
        self.destination_subdivision.choices = _choices(
            [("", _("— not in Canada —"))] + sorted(((code, subdivision_name(code, language))
                                                     for code in destination.OTHER_PROVINCES),
                                                    key=lambda item: sort_key(item[1])))

    # Cross-field rules: one clear message on the field concerned.
    def validate_end_date(self, field: DateField) -> None:
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_("Enter an end date on or after the start date."))

    def validate_quoted_amount(self, field: DollarField) -> None:
        if self.travel_mode.data == TravelMode.QUOTED and field.data is None and not field.errors:
            raise ValidationError(_("Enter the quoted amount: it is required for a quoted travel cost."))

    def validate_quote_justification(self, field: TextAreaField) -> None:
        if self.travel_mode.data == TravelMode.QUOTED and not field.data:
            raise ValidationError(_("Explain the quote: a justification is required for a quoted travel cost."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # The reciprocal dates are optional (their field validators stop early when empty): checked together here.
        start, end = self.reciprocal_start, self.reciprocal_end
        if start.errors or end.errors:
            return valid
        if start.data and end.data and end.data < start.data:
            end.errors.append(_("Enter an end of the reciprocal visit on or after its start."))
            return False
        if bool(start.data) != bool(end.data):
            (end if start.data else start).errors.append(_("Give both dates of the reciprocal visit, or neither."))
            return False
        return valid

    def validate_destination_country(self, field: SelectField) -> None:
        partner = self._partners.get(self.partner_id.data or NO_PARTNER)
        if partner is not None and field.data and partner.country_code != field.data:
            raise ValidationError(_("The chosen partner institution is in %(country)s: choose that country.",
                                    country=country_name(partner.country_code, self._language)))

    def validate_destination_subdivision(self, field: SelectField) -> None:
        problem = destination.province_problem(self.destination_country.data, field.data)
        if problem:
            raise ValidationError(problem)

    # Model ⇄ form.
    def load(self, application: Application) -> None:
        """Fill the fields from the application (GET of the edit page)."""
        for name in PLAIN_FIELDS:
            getattr(self, name).data = getattr(application, name)
        self.destination_subdivision.data = application.destination_subdivision or ""
        self.partner_id.data = application.partner_id or NO_PARTNER
        self.quoted_amount.data = application.quoted_transport_cents
        self.quote_justification.data = application.quote_justification

    def values(self) -> ProjectValues:
        """The model values the validated form stands for (the quote is dropped unless the mode is quoted)."""
        quoted = self.travel_mode.data == TravelMode.QUOTED
        return ProjectValues(
            **{name: getattr(self, name).data for name in PLAIN_FIELDS}, partner_id=self.partner_id.data or None,
            destination_subdivision=destination.subdivision_of(self.destination_country.data,
                                                               self.destination_subdivision.data),
            quoted_transport_cents=self.quoted_amount.data if quoted else None,
            quote_justification=self.quote_justification.data if quoted else "")

    def labels(self) -> dict[str, str]:
        """Model attribute → the label of the field that edits it (the names of ProjectValues)."""
        labels = {name: str(getattr(self, name).label.text) for name in PLAIN_FIELDS}
        labels.update(partner_id=str(self.partner_id.label.text),
                      destination_subdivision=str(self.destination_subdivision.label.text),
                      quoted_transport_cents=str(self.quoted_amount.label.text),
                      quote_justification=str(self.quote_justification.label.text))
        return labels


class NewApplicationForm(ApplicationForm):
    call_id = SelectField(_l("Call for projects"), coerce=int, validate_choice=False, validators=[InputRequired()])
    submit = SubmitField(_l("Create the project"))

    def __init__(self, *args, open_calls=(), **kwargs):
        super().__init__(*args, **kwargs)
        language = self._language
        self._open_calls = {call.id: call for call in open_calls}
        self.call_id.choices = _choices((call.id, call.title(language)) for call in open_calls)

    def validate_call_id(self, field: SelectField) -> None:
        if field.data not in self._open_calls:
            raise ValidationError(_("This call is closed: a project can only be started for an open call."))

    def validate_destination_country(self, field: SelectField) -> None:
        super().validate_destination_country(field)
        call = self._open_calls.get(self.call_id.data)
        if call is not None and field.data and field.data not in allowed_countries(call.program):
            raise ValidationError(_("This call's program does not fund stays in this country."))

    @property
    def call(self):
        return self._open_calls.get(self.call_id.data)


class EditApplicationForm(ApplicationForm):
    """The call is fixed once the project exists; ``version`` detects a concurrent save."""

    version = HiddenField()


def version_of(form_field: HiddenField) -> int | None:
    try:
        return int(form_field.data)
    except (TypeError, ValueError):
        return None


# The show page holds both forms below: distinct element ids (the posted names stay "version", "comment").
class SubmitApplicationForm(FlaskForm):
    version = HiddenField(id="submit-version")
    submit = SubmitField(_l("Submit the project"), id="submit-project")


class WithdrawApplicationForm(FlaskForm):
    comment = TextAreaField(
        _l("Why are you withdrawing this project?"), filters=[_strip], id="withdraw-comment",
        validators=[DataRequired(message=_l("Give a reason: the coordinators will read it.")), Length(max=2000)],
        render_kw={"rows": 2},
    )
    submit = SubmitField(_l("Withdraw the project"), id="withdraw-submit")

