"""Fields of the project form that apply only to some choices (drawn with ``show_when``, blanked by the server)."""
from __future__ import annotations

from portal.models import TravelMode
from portal.web.forms import ShowWhen

# The quote and its justification are for a quoted actual cost only; their descriptions say so without JavaScript.
QUOTED = ShowWhen("travel_mode", (TravelMode.QUOTED.value,), required=True)
PROJECT_SHOW_WHEN = {"quoted_amount": QUOTED, "quote_justification": QUOTED}
