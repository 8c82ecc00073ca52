"""The blueprint of the review pages; every view module of this package registers its routes on it."""
from flask import Blueprint

bp = Blueprint("review", __name__, url_prefix="/examen")
