"""Accounts: log-in, passwords, invitations, preferences; administrators' list of users."""
from portal.accounts.views import admin, auth, two_factor  # noqa: F401  (each registers its routes on bp)
from portal.accounts.views.blueprint import bp

__all__ = ["bp"]
