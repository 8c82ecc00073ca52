"""Amounts typed by people, in dollars, in either language → integer cents (Decimal arithmetic, never float).

Shared by every form that takes money: the project form (quoted fares), the staff budget page and the admin
pages of calls and rate tables.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from wtforms import Field
from wtforms.widgets import TextInput

from portal.i18n import current_language, format_cents

MAX_CENTS = 100_000_000  # 1,000,000.00 $ for one amount: anything above is a typing mistake
MAX_ENVELOPE_CENTS = 100_000_000_000  # 1,000,000,000.00 $ for an envelope
EXAMPLE_CENTS = 246_000  # the amount every message shows as an example: "2 460,00 $" / "$2,460.00"

_SPACES = re.compile(r"[\s\u00a0\u202f']")
# Québec usage: "1 234,56" (French) or "1,234.56" (English); spaces are removed first.
_ENGLISH = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?", re.ASCII)
_FRENCH = re.compile(r"(\d+),(\d{1,2})", re.ASCII)


def parse_dollars_to_cents(text: str) -> int:
    """'1 234,56 $', '1234.56', '1,234.56' → 123456 cents.

    Raises ValueError for anything that is not a non-negative amount with at most two decimals.
    """
    cleaned = _SPACES.sub("", text or "").replace("$", "")
    match = _ENGLISH.fullmatch(cleaned) or _FRENCH.fullmatch(cleaned)
    if match is None:
        raise ValueError(text)
    whole, fraction = match.group(1).replace(",", ""), match.group(2) or "0"
    amount = Decimal(f"{whole}.{fraction}")
    return int((amount * 100).to_integral_value())


def format_cents_for_input(cents: int | None) -> str:
    """As the reader writes it ("2 460,00 $" / "$2,460.00"): parse_dollars_to_cents reads it back unchanged."""
    if cents is None:
        return ""
    return format_cents(cents, current_language())


def amount_message() -> str:
    """How to write an amount, with an example written as the inputs show amounts in the reader's language."""
    return _("Enter an amount like %(example)s.", example=format_cents_for_input(EXAMPLE_CENTS))


def too_large_message(max_cents: int) -> str:
    return _("Enter an amount of at most %(amount)s.", amount=format_cents_for_input(max_cents))


class DollarField(Field):
    """An amount typed in dollars, held as integer cents in ``data`` (None when left empty)."""

    widget = TextInput()

    def __init__(self, label: Any = None, validators: Any = None, max_cents: int = MAX_CENTS, **kwargs: Any):
        # Phones show the keypad with the decimal separator: "2 460,00" is typed as the reader writes it.
        kwargs["render_kw"] = {"inputmode": "decimal", **(kwargs.get("render_kw") or {})}
        super().__init__(label, validators, **kwargs)
        self.max_cents = max_cents

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return format_cents_for_input(self.data)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            self.data = parse_dollars_to_cents(str(valuelist[0]))
        except ValueError:
            self.data = None
            raise ValueError(amount_message()) from None
        if self.data > self.max_cents:
            self.data = None
            raise ValueError(too_large_message(self.max_cents))
