"""Indicators page, annual report, exports and the offsets purchased, for ministry, coordinators and admins."""
from portal.indicators.views import exports, offsets, page  # noqa: F401  (each registers its routes on bp)
from portal.indicators.views.blueprint import bp

__all__ = ["bp"]
