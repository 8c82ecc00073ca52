"""Pairing of applications with partner institutions: suggestions, the pairing operation, the partner's link."""
