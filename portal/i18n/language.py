"""The language of the text being written: the request's (chosen by portal.web.locale) or a forced one."""
from __future__ import annotations

from flask_babel import get_locale


def current_language() -> str:
    return str(get_locale() or "fr")[:2]
