"""The audit log page (read-only)."""
from portal.audit.views import routes, wording  # noqa: F401  (each registers its routes or helpers on bp)
from portal.audit.views.blueprint import bp

__all__ = ["bp"]
