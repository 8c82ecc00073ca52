"""Translated labels of funding codes shown on several pages (leg modes, exception statuses)."""
from flask_babel import lazy_gettext as _l

LEG_MODE_LABELS = {"air": _l("Air"), "rail": _l("Train"), "coach": _l("Coach"), "car_sharing": _l("Car-sharing")}
EXCEPTION_LABELS = {"pending": _l("awaiting the ministry"), "approved": _l("approved"), "refused": _l("refused")}
