"""Pages of the care for participants abroad."""
from portal.care.views import routes  # noqa: F401  (registers the routes)
from portal.care.views.blueprint import bp

__all__ = ["bp"]
