"""Home pages per role and the language switch."""
from portal.web.views import home  # noqa: F401  (registers its routes on bp)
from portal.web.views.blueprint import bp

__all__ = ["bp"]
