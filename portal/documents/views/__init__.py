"""Documents of an application: upload (through the portal or straight to S3), confirm, download, delete."""
from portal.documents.views import routes  # noqa: F401  (each registers its routes on bp)
from portal.documents.views.blueprint import bp

__all__ = ["bp"]
