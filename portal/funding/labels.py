"""Translated labels of funding codes shown on several pages (budget line categories, leg modes, exception
statuses)."""
from flask_babel import lazy_gettext as _l

from portal.i18n.labels import written

LEG_MODE_LABELS = {"air": _l("Air"), "rail": _l("Train"), "coach": _l("Coach"), "car_sharing": _l("Car-sharing")}
EXCEPTION_LABELS = {"pending": _l("awaiting the ministry"), "approved": _l("approved"), "refused": _l("refused")}

# The category each budget line names (budget page, review page, audit log).
LINE_KIND_LABELS = {
    "transport": _l("Transport"),
    "lodging": _l("Lodging"),
    "subsistence": _l("Subsistence"),
    "flat": _l("Flat amount"),
    "cap_reduction": _l("Cap"),
    "other": _l("Other costs"),
    "local_transport": _l("Local transport"),
    "activities": _l("Activities"),
    "staff_hosting": _l("Hosting of the accompanying staff"),
}


def line_kind_label(code: str | None) -> str:
    return written(LINE_KIND_LABELS, code or "") or code or ""
