"""Translated sentences at the cost of a dictionary look-up.

A page asks for a few hundred translations (labels, menus, lazy strings, Jinja's ``_``). Flask-Babel finds the
catalogue for each one through three walks of ``g`` (a context-local proxy), a locale turned into a string and its
cache: about 15 µs a sentence, a sixth of a list page's time at full size (bench/). Here the catalogue is found from
the locale Flask-Babel has already chosen for this context (``g._flask_babel.babel_locale``, kept current by its own
``refresh`` and ``force_locale``), read straight from the app context; the catalogue itself still comes from
Flask-Babel the first time a locale is seen. The pinned Flask-Babel's layout is checked by tests/web/test_translation.py.
"""
from __future__ import annotations

from babel.support import NullTranslations
from flask import Flask
from flask.globals import _cv_app
from flask_babel import Babel, Domain, get_babel

_NULL = NullTranslations()


def chosen_locale():
    """The locale Flask-Babel chose for this app context, or None when it has not chosen yet (or no context)."""
    app_context = _cv_app.get(None)
    if app_context is None:
        return None
    namespace = vars(app_context.g).get("_flask_babel")
    return getattr(namespace, "babel_locale", None) if namespace is not None else None


class FastDomain(Domain):
    """Flask-Babel's default domain, with the catalogue of a chosen locale kept per locale."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.by_locale: dict[tuple, object] = {}

    def get_translations(self):
        locale = chosen_locale()
        if locale is None:  # not chosen yet in this context (or no context): Flask-Babel chooses and caches it
            return super().get_translations() if _cv_app.get(None) is not None else _NULL
        key = (locale.language, locale.territory, locale.script, locale.variant)
        found = self.by_locale.get(key)
        if found is None:
            found = self.by_locale[key] = super().get_translations()
        return found


def install(app: Flask, babel: Babel) -> None:
    """After ``babel.init_app``: the default domain and Jinja's gettext callables take the fast path."""
    domain = FastDomain(domain=get_babel(app).default_domain)
    vars(babel)["domain_instance"] = domain  # Flask-Babel's cached_property, set before any request reads it
    translations = domain.get_translations
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
