"""Pages of the privacy duties: the notice, consents, rights requests, the incident register."""
from portal.privacy.views import attestations, consents, incidents, needs, notice, rights  # noqa: F401  (registers)
from portal.privacy.views.blueprint import bp

__all__ = ["bp"]
