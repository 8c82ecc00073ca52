"""Pages of the privacy duties: the notice, consents, rights requests, the incident register."""
from portal.privacy.views import consents, incidents, needs, notice, rights  # noqa: F401  (registers the routes)
from portal.privacy.views.blueprint import bp

__all__ = ["bp"]
