"""The one error a workflow operation raises when it refuses to act (nothing has been changed)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..eligibility import RuleResult


class TransitionRefused(Exception):
    """404: no access to the object; 403: wrong role; 409: wrong state or data (e.g. failed eligibility rules)."""

    def __init__(self, message: str, status_code: int = 409, failed: list[RuleResult] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.failed: list[RuleResult] = list(failed or [])

    def __str__(self) -> str:
        return self.message
