"""Form helpers shared by every page (the macros of ``templates/_form.html``).

They say which fields are required, tie each control to its hint and its error (``aria-describedby``), list the
entries of the error summary (each a link to its field's id) and blank the fields that do not apply to what the
person chose (``ShowWhen``), so that the server ignores them whatever the browser sent.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as wtforms_translations
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import Field

from portal.web import widgets

NOT_SHOWN = frozenset({"CSRFTokenField", "HiddenField", "SubmitField"})
# ARIA allows aria-required on text boxes, selects and check boxes, not on a radio button or a file input: there the
# HTML `required` attribute (which WTForms writes) says it.
NO_ARIA_REQUIRED = frozenset({"radio", "file"})
CONTROL_CLASSES = {"checkbox": "form-check-input", "radio": "form-check-input", "select": "form-select"}


@dataclass(frozen=True)
class ShowWhen:
    """A field that applies only when another field (``controller``) holds one of ``values``.

    Without JavaScript every field is shown, with ``hint`` ("Only if …"); with it, forms.js hides the field while it
    does not apply. The server blanks it then (``applicable_formdata``). ``required``: required when it applies.
    """

    controller: str
    values: tuple[str, ...]
    hint: Any = None
    required: bool = False

    @property
    def attribute(self) -> str:
        return f"{self.controller}={'|'.join(self.values)}"

    def applies(self, formdata: Mapping[str, Any]) -> bool:
        return str(formdata.get(self.controller) or "") in self.values


def applicable_formdata(formdata: MultiDict, conditions: Mapping[str, ShowWhen]) -> MultiDict:
    """The posted data without the fields that do not apply: they read as left empty."""
    kept = MultiDict(formdata)
    for name, condition in conditions.items():
        if not condition.applies(formdata):
            kept.poplist(name)
    return kept


# --- one field -----------------------------------------------------------------------------------------------------

def control_type(field: Field) -> str:
    if field.type in ("SelectField", "SelectMultipleField", "QuerySelectField"):
        return "select"
    if field.type == "TextAreaField":
        return "textarea"
    return getattr(field.widget, "input_type", None) or field.type


def is_required(field: Field, show_when: ShowWhen | None = None) -> bool:
    return bool(field.flags.required) or bool(show_when and show_when.required)


def field_anchor(field: Field, field_id: str | None = None) -> str:
    """The id a link to this field points at: a radio group's first option."""
    field_id = field_id or field.id
    return f"{field_id}-0" if control_type(field) == "radio" else field_id


def hint_id(field_id: str) -> str:
    return f"{field_id}-hint"


def error_id(field_id: str) -> str:
    return f"{field_id}-error"


def has_hint(field: Field, show_when: ShowWhen | None = None) -> bool:
    return bool(field.description) or bool(show_when and show_when.hint)


def described_by(field: Field, field_id: str, show_when: ShowWhen | None = None, extra: str = "") -> str:
    ids = [extra] if extra else []
    if has_hint(field, show_when):
        ids.append(hint_id(field_id))
    if field.errors:
        ids.append(error_id(field_id))
    return " ".join(ids)


def control_attributes(field: Field, kwargs: Mapping[str, Any], show_when: ShowWhen | None = None) -> dict[str, Any]:
    """The attributes of the control: Bootstrap classes, aria-describedby / aria-invalid / aria-required, and what
    the template passed (``kwargs``, e.g. ``inputmode``, ``accept``, ``id``)."""
    attributes = dict(kwargs)
    kind = control_type(field)
    field_id = attributes.get("id") or field.id
    classes = [CONTROL_CLASSES.get(kind, "form-control"), (field.render_kw or {}).get("class", ""),
               attributes.pop("class", "") or attributes.pop("class_", "")]
    if field.errors:
        classes.append("is-invalid")
        attributes["aria-invalid"] = "true"
    attributes["class"] = " ".join(c for c in classes if c)
    describedby = described_by(field, field_id, show_when, str(attributes.pop("aria-describedby", "")))
    if describedby and kind != "radio":  # a radio group is described on its fieldset
        attributes["aria-describedby"] = describedby
    if is_required(field, show_when) and kind not in NO_ARIA_REQUIRED:
        attributes["aria-required"] = "true"
    if show_when and show_when.required:
        attributes.pop("required", None)  # the browser must not ask for a field hidden as not applicable
    return attributes


def button_attributes(field: Field, kwargs: Mapping[str, Any], style: str = "", size: str = "") -> dict[str, Any]:
    attributes = dict(kwargs)
    extra = attributes.pop("class", "") or attributes.pop("class_", "") or (field.render_kw or {}).get("class", "")
    classes = ["btn", f"btn-{style or 'primary'}", f"btn-{size}" if size else "", extra]
    attributes["class"] = " ".join(c for c in classes if c)
    return attributes


# --- the whole form ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ErrorEntry:
    anchor: str | None  # None: a field with nothing to link to (a hidden field)
    label: str
    message: str


def visible_fields(form: Iterable[Field]) -> list[Field]:
    return [field for field in form if field.type not in NOT_SHOWN]


def has_required(form: Iterable[Field] | None) -> bool:
    return bool(form) and any(is_required(field) for field in _leaf_fields(form))


def error_entries(form: Iterable[Field] | None) -> list[ErrorEntry]:
    """Each error of each field, in the order of the form, with the id of the field it links to."""
    if not form:
        return []
    entries = []
    for field in _leaf_fields(form):
        for message in _messages(field):
            hidden = field.type in ("CSRFTokenField", "HiddenField")
            entries.append(ErrorEntry(None if hidden else field_anchor(field), str(field.label.text), str(message)))
    return entries


def _leaf_fields(form: Iterable[Field]) -> Iterable[Field]:
    for field in form:
        if field.type == "FormField":
            yield from _leaf_fields(field.form)
        elif field.type == "FieldList":
            for entry in field.entries:
                yield from _leaf_fields([entry])
        else:
            yield field


def _messages(field: Field) -> list[Any]:
    return [message for message in field.errors if not isinstance(message, (list, dict))]


# WTForms' own messages say what is wrong, not how to fix it: these replace them (its catalogue gives the others).
# A date field is an <input type="date">: the browser sends year-month-day, the order Québec's fr-CA and en-CA
# date pickers show (aaaa-mm-jj).
BUILTIN_MESSAGES = {
    "Not a valid date value.": _l("Enter a date like 2027-03-15 (year-month-day)."),
    "Not a valid datetime value.": _l("Enter a date and a time like 2027-03-15 14:30."),
    "Not a valid integer value.": _l("Enter a whole number, like 12."),
    "Not a valid decimal value.": _l("Enter a number like 1.5 (with a point)."),
    "Not a valid float value.": _l("Enter a number like 1.5 (with a point)."),
    "Invalid email address.": _l("Enter an e-mail address like name@example.com."),
    "Number must be between %(min)s and %(max)s.": _l("Enter a number from %(min)s to %(max)s."),
    "Number must be at least %(min)s.": _l("Enter a number of %(min)s or more."),
    "Number must be at most %(max)s.": _l("Enter a number of %(max)s or less."),
    "Not a valid choice.": _l("Choose one of the options of the list."),
    "Invalid Choice: could not coerce.": _l("Choose one of the options of the list."),
}


class GuidingTranslations:
    """Flask-WTF's translations of WTForms' messages, with BUILTIN_MESSAGES in the reader's language instead."""

    def gettext(self, string: str) -> str:
        if string in BUILTIN_MESSAGES:
            return str(BUILTIN_MESSAGES[string])
        return wtforms_translations.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return wtforms_translations.ngettext(singular, plural, n)


GUIDING_TRANSLATIONS = GuidingTranslations()


def _guiding_translations(meta: Any, form: Any) -> GuidingTranslations:
    return GUIDING_TRANSLATIONS


def init_form_helpers(app: Flask) -> None:
    # Every form of the portal is a FlaskForm: its Meta is the one place where WTForms asks for its messages.
    FlaskForm.Meta.get_translations = _guiding_translations
    widgets.install()
    app.jinja_env.globals.update(
        form_control_attributes=control_attributes, form_button_attributes=button_attributes,
        form_error_entries=error_entries, form_has_required=has_required, form_is_required=is_required,
        form_field_anchor=field_anchor, form_control_type=control_type, form_has_hint=has_hint,
        form_described_by=described_by, form_visible_fields=visible_fields)




def submitted_formdata(conditions: Mapping[str, ShowWhen]) -> MultiDict | None:
    """For ``FlaskForm(formdata=...)``: what was posted, without the fields that do not apply; None on a GET."""
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    posted = CombinedMultiDict((request.files, request.form)) if request.files else request.form
    return applicable_formdata(posted, conditions)
