"""The blueprint of the API; CSRF does not apply (bearer tokens, GET only)."""
from flask import Blueprint

from portal.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
