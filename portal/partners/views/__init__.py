"""Partner registry, pairing, the partner's response page and reciprocity."""
from portal.partners.views import pairing, public, reciprocity, registry, return_visits  # noqa: F401  (each registers its routes on bp)
from portal.partners.views.blueprint import bp

__all__ = ["bp"]
