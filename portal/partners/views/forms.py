"""Forms of the partners blueprint: the registry, its search, the pairing and response forms, reciprocity link."""
from __future__ import annotations

from typing import Any

import pycountry
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.i18n.countries import country_choices
from portal.models import Organisation
from portal.partners.catalogue import language_choices, trade_choices, trade_label
from portal.web.form_choices import choices as _choices

# Model attribute → form field, for everything the registry form may change (and nothing else).
PARTNER_FIELDS = ("name", "country_code", "city", "capacity_per_year", "contact_name", "contact_email",
                  "agreement_start", "agreement_end", "active", "notes")


def _strip(value):
    return value.strip() if isinstance(value, str) else ""


def _optional_text(value):
    value = value.strip() if isinstance(value, str) else ""
    return value or None


class PartnerForm(FlaskForm):
    name = StringField(_l("Institution name"), filters=[_strip], validators=[DataRequired(), Length(max=200)])
    country_code = SelectField(_l("Country"), validators=[DataRequired()])
    city = StringField(_l("City"), filters=[_strip], validators=[DataRequired(), Length(max=120)])
    trades = SelectMultipleField(
        _l("Trades it can host"), render_kw={"size": 10},
        description=_l("Programs of study, or whole training sectors (hold Ctrl or ⌘ to choose several)."))
    languages = SelectMultipleField(_l("Languages of instruction"), render_kw={"size": 6})
    capacity_per_year = IntegerField(
        _l("Hosting capacity per year (participants)"),
        validators=[Optional(), NumberRange(min=0, max=10000, message=_l("Enter a number from 0 to 10000."))])
    contact_name = StringField(_l("Contact person"), filters=[_optional_text], validators=[Length(max=200)])
    contact_email = StringField(
        _l("Contact e-mail"), filters=[_optional_text],
        validators=[Optional(), Length(max=254), Email(message=_l("Enter an e-mail address like name@example.com."))],
        description=_l("The partner's response link is sent to this address."))
    agreement_start = DateField(_l("Agreement start"), validators=[Optional()])
    agreement_end = DateField(_l("Agreement end"), validators=[Optional()])
    active = BooleanField(_l("Active"), default=True)
    notes = TextAreaField(_l("Notes"), filters=[_strip], validators=[Length(max=5000)], render_kw={"rows": 3})
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, language: str = "fr", keep_trades: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.country_code.choices = _choices([("", _("— choose a country —"))] + country_choices(
            [country.alpha_2 for country in pycountry.countries], language))
        known = trade_choices(language)
        known_codes = {code for code, _label in known}
        # Codes typed before the reference list knew them stay choosable, shown as they are.
        self.trades.choices = _choices(known + [(code, trade_label(code, language)) for code in keep_trades
                                                if code not in known_codes])
        self.languages.choices = _choices(language_choices(language))

    def validate_agreement_end(self, field: DateField) -> None:
        if field.data and self.agreement_start.data and field.data < self.agreement_start.data:
            raise ValidationError(_("Enter an end of the agreement on or after its start."))

    def load(self, partner: Organisation) -> None:
        for name in PARTNER_FIELDS:
            getattr(self, name).data = getattr(partner, name)
        self.trades.data = [code.upper() for code in partner.trade_list]
        self.languages.data = partner.language_list

    def values(self) -> dict[str, Any]:
        values = {name: getattr(self, name).data for name in PARTNER_FIELDS}
        values["contact_email"] = values["contact_email"].lower() if values["contact_email"] else None
        values["trades"] = ",".join(self.trades.data or [])
        values["languages"] = ",".join(self.languages.data or [])
        return values

    def apply_to(self, partner: Organisation) -> dict[str, tuple[Any, Any]]:
        changes: dict[str, tuple[Any, Any]] = {}
        for name, value in self.values().items():
            before = getattr(partner, name)
            if before != value:
                changes[name] = (before, value)
                setattr(partner, name, value)
        return changes


class PartnerSearchForm(FlaskForm):
    """GET filters of the registry (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or city"), filters=[_strip])
    country = SelectField(_l("Country"), validate_choice=False)
    trade = SelectField(_l("Trade"), validate_choice=False)
    language = SelectField(_l("Language"), validate_choice=False)
    active = SelectField(_l("Status"), validate_choice=False,
                         choices=_choices([("", _l("All")), ("1", _l("Active")), ("0", _l("Inactive"))]))

    def __init__(self, *args, countries: list[tuple[str, str]] = (), trades: list[tuple[str, str]] = (),
                 languages: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = _choices([("", _("All"))] + list(countries))
        self.trade.choices = _choices([("", _("All"))] + list(trades))
        self.language.choices = _choices([("", _("All"))] + list(languages))


class ChoosePartnerForm(FlaskForm):
    partner_id = HiddenField(validators=[InputRequired()])
    submit = SubmitField(_l("Choose this partner"))


class SendLinkForm(FlaskForm):
    submit = SubmitField(_l("Send the response link to the partner"))


class PartnerResponseForm(FlaskForm):
    answer = RadioField(_l("Your answer"), choices=_choices([("confirm", _l("We can host this stay")),
                                                              ("decline", _l("We cannot host this stay"))]),
                        validators=[InputRequired(message=_l("Choose an answer."))])
    comment = TextAreaField(_l("Comment (optional)"), filters=[_strip], validators=[Length(max=2000)],
                            render_kw={"rows": 3})
    submit = SubmitField(_l("Send the answer"))

    def validate_comment(self, field: TextAreaField) -> None:
        if self.answer.data == "decline" and not field.data:
            raise ValidationError(_("Please say briefly why you cannot host the stay."))


class ReciprocityLinkForm(FlaskForm):
    answers_application_id = SelectField(_l("Outgoing stay this visit answers"), coerce=int, validate_choice=True)
    submit = SubmitField(_l("Save"))


class ReturnVisitDatesForm(FlaskForm):
    start = DateField(_l("First day of the visit"), validators=[InputRequired(message=_l("Give a date."))])
    end = DateField(_l("Last day of the visit"), validators=[InputRequired(message=_l("Give a date."))])
    comment = TextAreaField(_l("Comment (optional)"), filters=[_strip], validators=[Length(max=2000)],
                            render_kw={"rows": 3})
    submit = SubmitField(_l("Propose these dates"))

    def validate_end(self, field: DateField) -> None:
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError(_("Enter a last day of the visit on or after its first day."))


class ReturnVisitForm(FlaskForm):
    """The final report of an outgoing stay: which incoming stay made the partner's return visit."""

    return_visit_application_id = SelectField(_l("Incoming stay that made the return visit"), coerce=int,
                                              validate_choice=True)
    submit = SubmitField(_l("Record the return visit"))
