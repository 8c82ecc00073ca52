"""Options of select and radio fields as WTForms SelectChoice objects (tuples are deprecated in WTForms 3.3)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wtforms.fields.choices import SelectChoice


def choices(pairs: Iterable[tuple[Any, Any] | SelectChoice]) -> list[SelectChoice]:
    """(value, label) pairs, or choices already made, as a list of SelectChoice."""
    return [pair if isinstance(pair, SelectChoice) else SelectChoice(*pair) for pair in pairs]
