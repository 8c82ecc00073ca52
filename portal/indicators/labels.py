"""Words for the codes the indicators show (direction, participant kind, review stage, satisfaction item, mode)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

LABELS = {
    "outgoing": _l("Outgoing"), "incoming": _l("Incoming"),
    "student": _l("Student"), "teacher": _l("Teacher"), "staff": _l("Staff member"),
    "accompanying": _l("Accompanying adult"),
    "coordinator": _l("Coordinator"), "ministry": _l("Ministry"), "partner": _l("Partner"),
    "preparation": _l("Preparation"), "host": _l("Host"), "lodging": _l("Lodging"), "overall": _l("Overall"),
    "air": _l("Air"), "green": _l("Green travel"), "quoted": _l("Quoted"),
    "rail": _l("Train"), "coach": _l("Coach"), "car_sharing": _l("Car-sharing"),
    "in_cmm": _l("Inside the CMM"), "outside_cmm": _l("Outside the CMM"), "all": _l("All"),
}


def label(code: object) -> str:
    """The word for a code, or the code itself when it has none."""
    return str(LABELS.get(str(code), code))
