"""The blueprint of the reports pages; every view module of this package registers its routes on it."""
from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/rapports")
