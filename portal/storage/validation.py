"""Upload validation: pure functions, no Flask.

The extension decides the type; the first bytes must then prove it.
Messages are English msgids, marked with ``N_`` so ``pybabel extract``
finds them; the web layer shows ``gettext(exc.message_key)``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from contextlib import suppress
from dataclasses import dataclass

from portal.core.errors import InvalidInput
from portal.storage.base import ObjectInfo, ObjectNotFound, StorageBackend

SNIFF_BYTES = 4096
MAX_NAME_LENGTH = 150


def N_(message: str) -> str:
    """Mark a string for translation without translating it here."""
    return message


MESSAGES: dict[str, str] = {
    "empty": N_("The file is empty."),
    "too_large": N_("The file is too large."),
    "bad_name": N_("The file name is not valid."),
    "bad_extension": N_("This kind of file is not accepted."),
    "type_mismatch": N_("The file content does not match its extension."),
    "missing": N_("The upload did not complete; please try again."),
}


class UploadRejected(InvalidInput):
    """A file the portal refuses; ``message_key`` is the untranslated message the page shows in its language."""

    def __init__(self, code: str, detail: str = "") -> None:
        if code not in MESSAGES:
            raise ValueError(f"unknown rejection code {code!r}")
        super().__init__(f"{code}: {detail or MESSAGES[code]}")
        self.code = code
        self.message_key = MESSAGES[code]
        self.detail = detail  # for logs only, never shown to the user


@dataclass(frozen=True)
class ValidatedUpload:
    display_name: str
    extension: str
    content_type: str


_OOXML = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
_ODF = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
ALLOWED_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    **_OOXML,
    **_ODF,
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "csv": "text/csv",
    "txt": "text/plain",
}

_MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
# Executables (PE "MZ", ELF, Mach-O / Java class) are refused whatever the extension.
_EXECUTABLE = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe",
               b"\xca\xfe\xba\xbe")
_OOXML_DIRS = {"docx": b"word/", "xlsx": b"xl/", "pptx": b"ppt/"}
_MARKUP_START = ("<html", "<!doctype", "<svg", "<?xml", "<script", "<head", "<body",
                 "<iframe", "<!--")
_MARKUP_ANYWHERE = ("<script", "<html", "<svg", "<iframe", "<!doctype html")
_TEXT_CONTROLS_OK = {"\t", "\n", "\r", "\f"}
_WINDOWS_RESERVED = re.compile(r'[<>:"|?*]')


def sanitize_filename(name: str) -> str:
    """A safe display name. Raises ``UploadRejected("bad_name")`` on NUL."""
    if not isinstance(name, str) or "\x00" in name:
        raise UploadRejected("bad_name", "file name contains NUL")
    name = unicodedata.normalize("NFC", name)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"\s+", " ", name)  # tabs, newlines, odd spaces -> one space
    # Drop remaining control, format (e.g. RTL override) and surrogate characters.
    name = "".join(c for c in name if unicodedata.category(c) not in {"Cc", "Cf", "Cs"})
    name = _WINDOWS_RESERVED.sub("_", name)
    name = re.sub(r"\.{2,}", ".", name).strip(" .")
    if len(name) > MAX_NAME_LENGTH:
        stem, ext = os.path.splitext(name)
        if 1 < len(ext) <= 16:
            name = stem[: MAX_NAME_LENGTH - len(ext)].rstrip(" .") + ext
        else:
            name = name[:MAX_NAME_LENGTH].rstrip(" .")
    return name or "document"


def extension_of(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def _decode_text(head: bytes) -> str | None:
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The sample may stop in the middle of a multi-byte character.
        if exc.reason == "unexpected end of data" and exc.start >= len(head) - 3:
            return head[: exc.start].decode("utf-8")
    for encoding in ("cp1252", "latin-1"):
        with suppress(UnicodeDecodeError):
            return head.decode(encoding)
    return None  # pragma: no cover - latin-1 decodes anything


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    text = _decode_text(head)
    if text is None:
        return False
    if any((c < " " and c not in _TEXT_CONTROLS_OK) or c == "\x7f" for c in text):
        return False
    lowered = text.lstrip("\ufeff \t\r\n\f").lower()
    if lowered.startswith(_MARKUP_START):
        return False
    return not any(marker in lowered for marker in _MARKUP_ANYWHERE)


def _zip_matches(head: bytes, extension: str) -> bool:
    if not head.startswith(b"PK\x03\x04"):
        return False
    # ODF stores a "mimetype" entry first, uncompressed: local header, name, extra, data.
    name_len, extra_len = int.from_bytes(head[26:28], "little"), int.from_bytes(head[28:30], "little")
    mimetype_entry = head[30 : 30 + name_len] == b"mimetype"
    if extension in _ODF:
        data = head[30 + name_len + extra_len :]
        return not mimetype_entry or data.startswith(_ODF[extension].encode())
    if mimetype_entry:
        return False  # an ODF file renamed .docx/.xlsx/.pptx
    sample = head[:SNIFF_BYTES]
    others = [d for ext, d in _OOXML_DIRS.items() if ext != extension and d in sample]
    return not others or _OOXML_DIRS[extension] in sample


def sniff(head: bytes, extension: str) -> str | None:
    """The canonical type if ``head`` really is a file of ``extension``, else None."""
    extension = extension.lower().lstrip(".")
    content_type = ALLOWED_TYPES.get(extension)
    if content_type is None or not head or head.startswith(_EXECUTABLE):
        return None
    if extension in _MAGIC:
        ok = head.startswith(_MAGIC[extension])
    elif extension in _OOXML or extension in _ODF:
        ok = _zip_matches(head, extension)
    else:  # csv, txt
        ok = _looks_like_text(head)
    return content_type if ok else None


def validate_upload(filename: str, head_bytes: bytes, size: int, max_size: int) -> ValidatedUpload:
    """Check name, extension, size and magic bytes of an upload."""
    display_name = sanitize_filename(filename)
    extension = extension_of(display_name)
    if extension not in ALLOWED_TYPES:
        raise UploadRejected("bad_extension", f"extension {extension!r}")
    if size <= 0 or not head_bytes:
        raise UploadRejected("empty")
    if size > max_size:
        raise UploadRejected("too_large", f"{size} > {max_size}")
    content_type = sniff(head_bytes, extension)
    if content_type is None:
        raise UploadRejected("type_mismatch", f"content is not {extension}")
    return ValidatedUpload(display_name, extension, content_type)


def confirm_uploaded_object(
    storage: StorageBackend,
    key: str,
    expected_content_type: str,
    max_size: int,
    extension: str,
    *,
    final_key: str | None = None,
) -> ObjectInfo:
    """Check an object a browser uploaded with a presigned POST; delete it if bad.

    With ``final_key`` the object is first moved (server-side copy) to a key
    the browser never had a policy for, and that copy is checked: re-using
    the still-valid POST policy afterwards cannot swap the checked content.
    """
    target = key
    try:
        if final_key is not None:
            try:
                storage.move(key, final_key)
            except ObjectNotFound:
                raise UploadRejected("missing", key) from None
            target = final_key
        info = storage.head(target)
        if info is None:
            raise UploadRejected("missing", target)
        if info.size <= 0:
            raise UploadRejected("empty")
        if info.size > max_size:
            raise UploadRejected("too_large", f"{info.size} > {max_size}")
        extension = extension.lower().lstrip(".")
        if ALLOWED_TYPES.get(extension) is None:
            raise UploadRejected("bad_extension", f"extension {extension!r}")
        stored_type = info.content_type.strip().lower()
        if stored_type != expected_content_type.lower() or stored_type != ALLOWED_TYPES[extension]:
            raise UploadRejected("type_mismatch", f"stored as {info.content_type!r}")
        if sniff(storage.read_head(target, SNIFF_BYTES), extension) is None:
            raise UploadRejected("type_mismatch", f"content is not {extension}")
        return info
    except BaseException:
        for k in {key, target}:
            with suppress(Exception):
                storage.delete(k)
        raise
