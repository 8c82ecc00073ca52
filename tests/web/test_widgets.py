"""FastSelect draws exactly what WTForms' own Select draws, only faster."""
from __future__ import annotations

import pytest
from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField
from wtforms.widgets import Select

from portal.web.widgets import FastSelect

CHOICES = [("", "Tous"), ("a&b", 'Québec "centre" <b>'), (3, "Trois"), ("x", lazy_gettext("Home")), ("y", "")]


class Filters(FlaskForm):
    class Meta:
        csrf = False

    one = SelectField("One", choices=CHOICES, default="a&b")
    flag = SelectField("Flag", choices=[(True, "Oui"), (False, "Non")], coerce=lambda v: v in (True, "True"),
                       default=True)
    many = SelectMultipleField("Many", choices=CHOICES[1:], default=["x", "y"])
    marked = SelectField("Marked", choices=[("1", "Un", {"data-kind": "k"}), ("2", "Deux", {})], default="2")


def _both(field, **kwargs) -> tuple[str, str]:
    fast = str(field(**kwargs))
    wtforms_widget = Select(multiple=field.widget.multiple)
    return fast, str(wtforms_widget(field, **kwargs))


def test_every_select_of_the_portal_is_fast(app):
    with app.test_request_context("/"):
        assert isinstance(Filters().one.widget, FastSelect)
        assert isinstance(Filters().many.widget, FastSelect)


@pytest.mark.parametrize("name", ["one", "flag", "many", "marked"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_text_is_wtforms_own(app, name, language):
    with app.test_request_context(f"/?lang={language}"):
        fast, reference = _both(Filters()[name], **{"class": "form-select", "aria-describedby": "h"})
        assert fast == reference
        assert "<option" in fast


def test_a_posted_choice_is_the_selected_one(app):
    with app.test_request_context("/?one=3&many=a%26b"):
        from flask import request

        form = Filters(formdata=request.args)
        fast, reference = _both(form.one)
        assert fast == reference
        assert '<option selected value="3">Trois</option>' in fast
        assert _both(form.many)[0] == _both(form.many)[1]


def test_labels_and_values_are_escaped(app):
    with app.test_request_context("/"):
        fast = str(Filters().one())
        assert 'value="a&amp;b"' in fast
        assert "Québec &#34;centre&#34; &lt;b&gt;" in fast
