"""School staff's projects: the project form, participants, budget and the stay."""
from portal.applications.views import after_approval, budget, participants, projects, stay  # noqa: F401  (each registers its routes on bp)
from portal.applications.views.blueprint import bp

__all__ = ["bp"]
