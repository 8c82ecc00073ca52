"""The browser's check of a chosen file before anything is sent (static/upload.js): a form states its limits once,
in these attributes (``{{ file_check_attributes(limits, "error-box-id")|xmlattr }}``), and the script refuses a
file too large or of a refused kind in the box named, on choosing it and on sending. The server checks again."""
from __future__ import annotations

from flask_babel import gettext as _

from portal.documents.uploads import FileLimits


def file_check_attributes(limits: FileLimits, error_box: str, bad_type: str | None = None,
                          no_file: str | None = None) -> dict[str, str]:
    return {
        "data-file-check": "", "data-error-box": error_box, "data-max-bytes": str(limits.max_bytes),
        "data-msg-no-file": no_file or _("Choose a file."),
        "data-msg-too-large": _("This file is larger than %(size)s: choose a smaller file (or compress it), then "
                                "upload it.", size=limits.max_size),
        "data-msg-bad-type": bad_type or _("This kind of file is not accepted: choose a PDF, an image (PNG, JPEG, "
                                           "GIF), an office document, a CSV or a text file."),
        "data-msg-failed": _("The upload failed. Please check your connection and try again."),
    }
