"""The blueprint of the indicators pages; every view module of this package registers its routes on it."""
from flask import Blueprint

bp = Blueprint("indicators", __name__, url_prefix="/indicateurs")
