"""Forms of a call's rate tables: distance bands (one row each), a country's rates, the carbon factors."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.funding.rate_tables import CARBON_MODES, BandRow
from portal.web.money_input import DollarField

BLANK_BAND_ROWS = 3  # empty rows offered under the existing bands to add new ones
MAX_KM = 40_000

CARBON_MODE_LABELS = {
    "air_short_haul": _l("Air, short haul (under 1 500 km)"),
    "air_medium_haul": _l("Air, medium haul (1 500 to 3 699 km)"),
    "air_long_haul": _l("Air, long haul (3 700 km and more)"),
    "rail": _l("Train"),
    "coach": _l("Coach"),
    "car_sharing": _l("Car-sharing"),
}


class KmField(IntegerField):
    """Whole kilometres; digit grouping typed in French (« 1 999 ») is accepted."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist:
            valuelist = [str(valuelist[0]).replace("\u00a0", "").replace("\u202f", "").replace(" ", "")]
        super().process_formdata(valuelist)


class BandRowForm(Form):
    """One band; a row left entirely empty is ignored (that is how a band is removed)."""

    min_km = KmField(_l("From (km)"), validators=[Optional(), NumberRange(min=0, max=MAX_KM)])
    max_km = KmField(_l("To (km)"), validators=[Optional(), NumberRange(min=0, max=MAX_KM)])
    standard = DollarField(_l("Amount per participant ($)"), validators=[Optional()])
    green = DollarField(_l("Green travel amount ($, optional)"), validators=[Optional()])

    def is_blank(self) -> bool:
        return all(not (field.raw_data and str(field.raw_data[0]).strip()) for field in self)


class BandsForm(FlaskForm):
    rows = FieldList(FormField(BandRowForm), min_entries=1, max_entries=60)
    submit = SubmitField(_l("Save the distance bands"))

    def band_rows(self) -> tuple[list[BandRow], list[str]]:
        """The filled rows, and a message per row that is only partly filled."""
        rows: list[BandRow] = []
        problems: list[str] = []
        for number, entry in enumerate(self.rows.entries, start=1):
            row = entry.form
            if row.is_blank():
                continue
            if row.min_km.data is None or row.max_km.data is None or row.standard.data is None:
                problems.append(_("Row %(number)s: enter the distances and the amount per participant.",
                                  number=number))
                continue
            rows.append(BandRow(row.min_km.data, row.max_km.data, row.standard.data, row.green.data))
        return rows, problems


class CanadianBandsForm(BandsForm):
    """Bands of stays in another Canadian province (distance inside Canada); all rows empty: the general bands."""

    submit = SubmitField(_l("Save the Canadian distance bands"))


class CountryRateForm(FlaskForm):
    country = SelectField(_l("Country"), validators=[DataRequired()])
    nightly = DollarField(_l("Nightly lodging rate ($)"), validators=[InputRequired(_l("Enter an amount."))])
    daily = DollarField(_l("Daily subsistence rate ($)"), validators=[InputRequired(_l("Enter an amount."))])
    submit = SubmitField(_l("Save the country's rates"))


class FactorField(DecimalField):
    """kg CO2e per passenger-km; accepts a decimal comma (« 0,255 »)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist:
            text = str(valuelist[0]).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
            try:
                self.data = Decimal(text)
            except InvalidOperation:
                self.data = None
                raise ValueError(_l("Enter a number, for example 0.156.")) from None
            if not self.data.is_finite():
                self.data = None
                raise ValueError(_l("Enter a number, for example 0.156."))


class CarbonFactorsForm(FlaskForm):
    air_medium_haul = FactorField(CARBON_MODE_LABELS["air_medium_haul"], places=4,
                                  validators=[InputRequired(), NumberRange(min=0, max=9999)])
    car_sharing = FactorField(CARBON_MODE_LABELS["car_sharing"], places=4,
                              validators=[InputRequired(), NumberRange(min=0, max=9999)])
    air_short_haul = FactorField(CARBON_MODE_LABELS["air_short_haul"], places=4,
                                 validators=[InputRequired(), NumberRange(min=0, max=9999)])
    air_long_haul = FactorField(CARBON_MODE_LABELS["air_long_haul"], places=4,
                                validators=[InputRequired(), NumberRange(min=0, max=9999)])
    rail = FactorField(CARBON_MODE_LABELS["rail"], places=4, validators=[InputRequired(), NumberRange(min=0, max=9999)])
    coach = FactorField(CARBON_MODE_LABELS["coach"], places=4,
                        validators=[InputRequired(), NumberRange(min=0, max=9999)])
    submit = SubmitField(_l("Save the carbon factors"))

    def factors(self) -> dict[str, Decimal]:
        return {mode: getattr(self, mode).data for mode in CARBON_MODES}


class HostRatesForm(FlaskForm):
    """Incoming stays: what the call funds on the host side; an empty field means the call does not fund it."""

    local_transport = DollarField(_l("Local transport, per visitor and day ($)"), validators=[Optional()])
    activities = DollarField(_l("Activities, per visitor and day ($)"), validators=[Optional()])
    staff_hosting = DollarField(_l("Hosting of accompanying staff, per night ($)"), validators=[Optional()])
    submit = SubmitField(_l("Save the host rates"))

    def amounts(self) -> dict[str, int | None]:
        return {"local_transport": self.local_transport.data, "activities": self.activities.data,
                "staff_hosting": self.staff_hosting.data}


class DatedRateForm(FlaskForm):
    destination = StringField(_l("Country or province (FR, CA-ON)"), filters=[lambda v: (v or "").strip()],
                              validators=[Optional(), Length(max=6)],
                              description=_l("Host rates of incoming stays are always for Québec (CA-QC)."))
    kind = SelectField(_l("Rate"), choices=[], validators=[DataRequired()])
    valid_from = DateField(_l("Valid from"), validators=[InputRequired()])
    valid_to = DateField(_l("Valid to"), validators=[InputRequired()])
    amount = DollarField(_l("Amount ($)"), validators=[InputRequired(_l("Enter an amount."))])
    submit = SubmitField(_l("Add the dated rate"))
