"""Fields of the project form that apply only to some choices (drawn with ``show_when``, blanked by the server)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models import TravelMode
from portal.web.forms import ShowWhen

# The quote and its justification are for a quoted actual cost only; their descriptions say so without JavaScript.
QUOTED = ShowWhen("travel_mode", (TravelMode.QUOTED.value,), required=True)
PROJECT_SHOW_WHEN = {"quoted_amount": QUOTED, "quote_justification": QUOTED}

# The parent's or guardian's name goes with their consent only.
PARTICIPANT_SHOW_WHEN = {"parental_consent_by": ShowWhen("parental_consent", ("y",),
                                                          hint=_l("Only if a parent or guardian consents."))}
