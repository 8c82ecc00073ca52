"""A select list drawn at the cost of its options' text.

WTForms draws each option through ``html_params`` (sorted keyword arguments, a Markup format per attribute) and
inspects the ``render_option`` signature once per list: about 20 µs an option, a tenth of the review queue's time
with its 70 filter options. An option without extra attributes is written directly here, in exactly WTForms' text
(``selected`` before ``value``, both escaped the same way: tests/web/test_widgets.py compares them); one with extra
attributes is left to WTForms.
"""
from __future__ import annotations

from markupsafe import Markup, escape
from wtforms import SelectField, SelectMultipleField
from wtforms.widgets import Select


class FastSelect(Select):
    @classmethod
    def render_option(cls, choice, **kwargs):
        if choice.render_kw or kwargs:
            return super().render_option(choice, **kwargs)
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        selected = "selected " if choice.selected else ""
        text = f'<option {selected}value="{escape(value)}">{escape(choice.label or choice.value)}</option>'
        return Markup(text)  # noqa: S704 (value and label escaped above)

    @classmethod
    def _dispatch_render_option(cls):
        return cls.render_option  # our own signature: no need to inspect it on every list


def install() -> None:
    """Every select list of the portal's forms (single and multiple) is drawn by FastSelect."""
    SelectField.widget = FastSelect()
    SelectMultipleField.widget = FastSelect(multiple=True)
