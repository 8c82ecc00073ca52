"""The language of the text being written: the request's (chosen by portal.web.locale) or a forced one."""
from __future__ import annotations

from flask_babel import get_locale

from portal.i18n.translation import chosen_locale


def current_language() -> str:
    """"fr" or "en" (or a partner's language under force_locale). A page asks a few hundred times (every amount,
    date and label), so the locale Flask-Babel has already chosen for this context is read where it keeps it
    (pinned Flask-Babel; tests/web/test_language.py) before asking it through get_locale, which costs ten times more."""
    chosen = chosen_locale()
    if chosen is not None:
        return chosen.language
    locale = get_locale()
    return locale.language if locale is not None else "fr"
