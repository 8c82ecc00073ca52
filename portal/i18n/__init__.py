"""Translated text shared by the pages and the domain (mail, messages): the current language, money in that
language, labels of stored codes. Below the features, so that an operation can write a mail in its recipient's
language without importing the web layer."""
from portal.i18n.formatting import format_cents, money
from portal.i18n.labels import ROLE_LABELS, STATUS_LABELS, role_label, status_label
from portal.i18n.language import current_language

__all__ = ["ROLE_LABELS", "STATUS_LABELS", "current_language", "format_cents", "money", "role_label", "status_label"]
