from flask import Blueprint

bp = Blueprint("care", __name__, url_prefix="/projets")
