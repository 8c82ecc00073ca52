"""The blueprint of the audit pages; every view module of this package registers its routes on it."""
from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/journal")
