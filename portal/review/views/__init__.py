"""Coordinators' and ministry officers' queues, the review page and its decision forms."""
from portal.review.views import routes  # noqa: F401  (each registers its routes on bp)
from portal.review.views.blueprint import bp

__all__ = ["bp"]
