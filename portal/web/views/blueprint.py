"""The blueprint of the home pages and the language switch."""
from flask import Blueprint

bp = Blueprint("web", __name__)
