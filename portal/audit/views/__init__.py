"""The audit log page (read-only)."""
from portal.audit.views import routes  # noqa: F401  (each registers its routes on bp)
from portal.audit.views.blueprint import bp

__all__ = ["bp"]
