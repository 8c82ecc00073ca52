"""Retention rules as configured: the registry's defaults, overridden per data kind by RETENTION_DAYS."""
from __future__ import annotations

from flask import current_app

from portal.privacy.registry import KINDS, DataKind


def days_for(kind: str) -> int:
    overrides = current_app.config.get("RETENTION_DAYS") or {}
    return int(overrides.get(kind, KINDS[kind].days))


def rules() -> list[tuple[DataKind, int]]:
    return [(kind, days_for(code)) for code, kind in KINDS.items()]
