"""Forms of the steps after approval: amendment, its decisions, cancellation, participant replacement."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.applications.views.participant_forms import ParticipantForm
from portal.models import CancellationReason
from portal.review.views.forms import DecisionForm
from portal.web.form_choices import choices as _choices
from portal.web.money_input import DollarField


class AmendmentForm(DecisionForm):
    """Dates and a reason; the amounts are one DollarField per budget line, added by the view (line_<id>)."""

    start_date = DateField(_l("First day of the stay"), validators=[Optional()])
    end_date = DateField(_l("Last day of the stay"), validators=[Optional()])
    reason = TextAreaField(_l("Reason for the amendment"), validators=[DataRequired(), Length(max=4000)],
                           render_kw={"rows": 3})
    submit = SubmitField(_l("Propose the amendment"))


class AmendmentDecisionForm(DecisionForm):
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=4000)], render_kw={"rows": 2})


class CancelForm(DecisionForm):
    reason = RadioField(_l("Reason"), choices=_choices([(CancellationReason.FORCE_MAJEURE, _l("Force majeure")),
                                                         (CancellationReason.WITHDRAWAL,
                                                          _l("Withdrawal by the centre"))]),
                        validators=[InputRequired(message=_l("Choose the reason for the cancellation."))])
    comment = TextAreaField(_l("Explanation"), validators=[DataRequired(), Length(max=4000)], render_kw={"rows": 3})
    kept = DollarField(_l("Costs already incurred that cannot be recovered"),
                       description=_l("They stay committed; everything else goes back to the call's envelope."))
    submit = SubmitField(_l("Cancel the stay"))


class ReplacementForm(ParticipantForm):
    idempotency_key = HiddenField()
    reason = TextAreaField(_l("Reason for the replacement"), validators=[DataRequired(), Length(max=4000)],
                           render_kw={"rows": 2})
    submit = SubmitField(_l("Replace the participant"))
