"""Translations read through portal.i18n.translation: the chosen locale's catalogue, kept per locale, following
Flask-Babel's force_locale and refresh, in Python code (gettext, lazy strings) and in templates alike."""
from __future__ import annotations

import pytest
from flask import render_template_string, session
from flask_babel import force_locale, gettext, lazy_gettext, refresh

from portal.extensions import babel
from portal.i18n.translation import FastDomain


def test_the_default_domain_is_the_fast_one(app):
    with app.test_request_context("/"):
        assert isinstance(babel.domain_instance, FastDomain)


def test_a_sentence_is_in_the_chosen_language(app):
    with app.test_request_context("/"):
        assert gettext("Home") == "Accueil"
        session["lang"] = "en"
        refresh()
        assert gettext("Home") == "Home"


def test_a_forced_language_is_followed_and_undone(app):
    with app.test_request_context("/"):
        assert gettext("Home") == "Accueil"
        with force_locale("en"):
            assert gettext("Home") == "Home"
        assert gettext("Home") == "Accueil"


def test_a_lazy_sentence_is_translated_when_written(app):
    label = lazy_gettext("Home")
    with app.test_request_context("/"):
        assert str(label) == "Accueil"
        with force_locale("en"):
            assert str(label) == "Home"


def test_templates_translate_and_fill_in_variables(app):
    with app.test_request_context("/"):
        page = render_template_string('{{ _("Home") }}|{{ _("from %(address)s", address="<b>") }}')
        assert page.startswith("Accueil|")
        assert "&lt;b&gt;" in page  # variables are escaped, as with Flask-Babel's own callables
        with force_locale("en"):
            assert render_template_string('{{ _("Home") }}') == "Home"


@pytest.mark.no_db
def test_outside_an_app_context_sentences_stay_as_written():
    assert gettext("Home") == "Home"


def test_a_label_is_written_in_each_language_it_is_asked_in(app):
    from portal.i18n.labels import status_label

    with app.test_request_context("/"):
        assert status_label("approved") == "Approuvé"
        with force_locale("en"):
            assert status_label("approved") == "Approved"
        assert status_label("approved") == "Approuvé"
        assert status_label("no-such-code") == "no-such-code"
