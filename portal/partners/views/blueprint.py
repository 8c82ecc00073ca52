"""The blueprint of the partners pages; every view module of this package registers its routes on it."""
from flask import Blueprint

bp = Blueprint("partners", __name__, url_prefix="/partenaires")
