"""Cap rules of the two funding models (pure integer arithmetic on cents).

Per-participant model (fp-students, accompanying adults funded like the
students): each participant's transport + lodging + subsistence above the cap
is removed by a *negative* ``cap_reduction`` amount.  A justified quoted fare is
kept outside the cap (it is flagged for review instead): the cap then applies
to lodging + subsistence only.

Flat-by-duration model (fp-staff): one flat amount per participant chosen by
stay length; shorter than the first tier → ineligible (0).
"""
from __future__ import annotations

from portal.funding.rates import Caps, FlatTier


def reduction_cents(cappable_cents: int, cap_cents: int | None) -> int:
    """Negative (or zero) amount bringing ``cappable_cents`` down to the cap."""
    if cap_cents is None:
        return 0
    return -max(0, cappable_cents - cap_cents)


def flat_tier(caps: Caps, days: int) -> FlatTier | None:
    return caps.flat_tier_for(days)


def flat_min_days(caps: Caps) -> int | None:
    return caps.flat_tiers[0].min_days if caps.flat_tiers else None


def counted_days(stay_days: int, travel_days: int, max_travel_days: int, green_extra_days: int,
                 green: bool) -> tuple[int, int]:
    """(days counted toward the minimum, travel days allowed): travel days beyond the program's allowance (plus
    the green-travel extra days when every leg is green) are part of the stay but do not count."""
    allowed = max_travel_days + (green_extra_days if green else 0)
    return stay_days - max(0, travel_days - allowed), allowed


def request_limit_cents(budget_total_cents: int, approved_exception_cents: int = 0) -> int:
    """The most a centre may request: the computed total, already brought down to the caps, plus what the
    ministry approved as an exception. Nothing else lifts it (a text never does)."""
    if approved_exception_cents < 0:
        raise ValueError("an exception cannot be negative")
    return budget_total_cents + approved_exception_cents
