"""The blueprint of the documents pages; every view module of this package registers its routes on it."""
from flask import Blueprint

bp = Blueprint("documents", __name__, url_prefix="/projets")
