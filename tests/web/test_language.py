"""current_language reads the locale Flask-Babel chose for the request, and follows force_locale."""
from __future__ import annotations

from flask import session
from flask_babel import force_locale

from portal.i18n.language import current_language


def test_without_a_choice_the_language_is_french(app):
    with app.test_request_context("/"):
        assert current_language() == "fr"
        assert current_language() == "fr"  # the second time from where Flask-Babel keeps its choice


def test_the_session_choice_is_the_language(app):
    with app.test_request_context("/"):
        session["lang"] = "en"
        assert current_language() == "en"
        assert current_language() == "en"


def test_a_forced_language_wins_and_is_undone(app):
    with app.test_request_context("/"):
        session["lang"] = "en"
        assert current_language() == "en"
        with force_locale("es"):
            assert current_language() == "es"
            with force_locale("fr"):
                assert current_language() == "fr"
            assert current_language() == "es"
        assert current_language() == "en"
