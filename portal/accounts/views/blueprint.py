"""The blueprint of the accounts pages; every view module of this package registers its routes on it."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)
