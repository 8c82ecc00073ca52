"""Upload validation: hostile uploads are refused with a stable code; good files pass."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from portal.storage.base import new_key
from portal.storage.local import LocalStorage
from portal.storage.validation import (
    ALLOWED_TYPES,
    MESSAGES,
    UploadRejected,
    confirm_uploaded_object,
    sanitize_filename,
    sniff,
    validate_upload,
)

MAX = 10 * 1024 * 1024

pytestmark = pytest.mark.no_db  # storage needs no database transaction


def check(filename: str, content: bytes, size: int | None = None) -> str:
    """Validate and return the content type, or the rejection code."""
    try:
        size = len(content) if size is None else size
        return validate_upload(filename, content[:4096], size, MAX).content_type
    except UploadRejected as exc:
        assert exc.message_key == MESSAGES[exc.code]
        return f"rejected:{exc.code}"


@pytest.mark.parametrize(
    ("filename", "sample", "expected"),
    [
        ("programme.pdf", "pdf", "application/pdf"),
        ("Photo.PNG", "png", "image/png"),
        ("photo.jpg", "jpeg", "image/jpeg"),
        ("photo.jpeg", "jpeg", "image/jpeg"),
        ("budget.docx", "docx", ALLOWED_TYPES["docx"]),
        ("grille.xlsx", "xlsx", ALLOWED_TYPES["xlsx"]),
        ("lettre.odt", "odt", "application/vnd.oasis.opendocument.text"),
        ("ancien.doc", "ole2", "application/msword"),
        ("ancien.xls", "ole2", "application/vnd.ms-excel"),
        ("participants.csv", "csv", "text/csv"),
        ("participants.csv", "csv_cp1252", "text/csv"),
        ("notes.txt", "csv", "text/plain"),
    ],
)
def test_good_files_accepted(filename: str, sample: str, expected: str, samples: dict[str, bytes]) -> None:
    assert check(filename, samples[sample]) == expected


@pytest.mark.parametrize(
    ("filename", "sample", "code"),
    [
        ("invoice.pdf", "exe", "type_mismatch"),
        ("photo.png", "exe", "type_mismatch"),
        ("data.csv", "exe", "type_mismatch"),
        ("notes.txt", "exe", "type_mismatch"),
        ("notes.txt", "elf", "type_mismatch"),
        ("doc.pdf", "html", "type_mismatch"),
        ("doc.txt", "html", "type_mismatch"),
        ("doc.csv", "html", "type_mismatch"),
        ("image.pdf", "svg", "type_mismatch"),
        ("image.txt", "svg", "type_mismatch"),
        ("image.csv", "svg", "type_mismatch"),
        ("image.txt", "xml_svg", "type_mismatch"),
        ("photo.png", "jpeg", "type_mismatch"),
        ("budget.xlsx", "docx", "type_mismatch"),
        ("budget.docx", "odt", "type_mismatch"),
        ("tableau.ods", "odt", "type_mismatch"),
        ("budget.docx", "pdf", "type_mismatch"),
        ("text.txt", "png", "type_mismatch"),
        ("setup.exe", "exe", "bad_extension"),
        ("invoice.pdf.exe", "exe", "bad_extension"),
        ("page.html", "html", "bad_extension"),
        ("image.svg", "svg", "bad_extension"),
        ("archive.zip", "docx", "bad_extension"),
        ("noextension", "pdf", "bad_extension"),
        ("../../etc/passwd", "csv", "bad_extension"),
    ],
)
def test_hostile_files_rejected(filename: str, sample: str, code: str, samples: dict[str, bytes]) -> None:
    assert check(filename, samples[sample]) == f"rejected:{code}"


def test_size_limits(samples: dict[str, bytes]) -> None:
    assert check("empty.pdf", b"") == "rejected:empty"
    assert check("big.pdf", samples["pdf"], size=MAX + 1) == "rejected:too_large"
    assert check("exact.pdf", samples["pdf"], size=MAX) == "application/pdf"


def test_nul_in_name_rejected(samples: dict[str, bytes]) -> None:
    assert check("evil.exe\x00.pdf", samples["pdf"]) == "rejected:bad_name"
    with pytest.raises(UploadRejected) as excinfo:
        sanitize_filename("a\x00b.pdf")
    assert excinfo.value.code == "bad_name"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\evil.pdf", "evil.pdf"),
        ("C:\\Users\\marie\\Programme séjour.pdf", "Programme séjour.pdf"),
        (".htaccess", "htaccess"),
        ("...", "document"),
        ("", "document"),
        ("   ", "document"),
        ("a..b....pdf", "a.b.pdf"),
        ("rapport\u202efdp.exe", "rapportfdp.exe"),  # right-to-left override removed
        ("line\nbreak\tname.csv", "line break name.csv"),
        ('what?<x>:"|*.pdf', "what__x_____.pdf"),
        ("Cafe\u0301.pdf", "Café.pdf"),  # NFC
    ],
)
def test_sanitize_filename(raw: str, clean: str) -> None:
    assert sanitize_filename(raw) == clean


def test_sanitize_keeps_extension_when_truncating() -> None:
    name = sanitize_filename("x" * 500 + ".docx")
    assert len(name) == 150
    assert name.endswith("xxx.docx")


def test_validated_upload_fields(samples: dict[str, bytes]) -> None:
    result = validate_upload("../Grille Budget.XLSX", samples["xlsx"], len(samples["xlsx"]), MAX)
    assert result.display_name == "Grille Budget.XLSX"
    assert result.extension == "xlsx"
    assert result.content_type == ALLOWED_TYPES["xlsx"]


def test_sniff_edge_cases() -> None:
    assert sniff(b"%PDF-1.7", ".PDF") == "application/pdf"
    assert sniff(b"", "txt") is None
    assert sniff(b"hello", "exe") is None
    assert sniff("\ufeffnom,prénom\n".encode(), "csv") == "text/csv"
    assert sniff("é".encode() * 3000, "txt") == "text/plain"
    assert sniff(("a" * 4095).encode() + "é".encode()[:1], "txt") == "text/plain"  # cut mid-char
    assert sniff(b"a,b\x00c", "csv") is None
    assert sniff(b"a,b\x1b[31m", "txt") is None
    assert sniff(b"\n\n  <SCRIPT>alert(1)</script>", "txt") is None
    assert sniff(b"name,comment\nx,<img src=x><script>1</script>\n", "csv") is None
    assert sniff(b"GIF89a\x01\x00", "gif") == "image/gif"


def test_every_code_has_a_message() -> None:
    for code in ("empty", "too_large", "bad_name", "bad_extension", "type_mismatch", "missing"):
        assert MESSAGES[code]
    with pytest.raises(ValueError):
        UploadRejected("nope")


def test_confirm_on_local_backend(tmp_path: Path, samples: dict[str, bytes]) -> None:
    storage = LocalStorage(tmp_path)
    good, bad = new_key("incoming"), new_key("incoming")
    storage.put(good, io.BytesIO(samples["png"]), "image/png")
    storage.put(bad, io.BytesIO(samples["svg"]), "image/png")
    assert confirm_uploaded_object(storage, good, "image/png", MAX, "png").size == len(samples["png"])
    with pytest.raises(UploadRejected) as excinfo:
        confirm_uploaded_object(storage, bad, "image/png", MAX, "png")
    assert excinfo.value.code == "type_mismatch"
    assert not storage.exists(bad)
    empty = new_key("incoming")
    storage.put(empty, io.BytesIO(b""), "image/png")
    with pytest.raises(UploadRejected) as excinfo:
        confirm_uploaded_object(storage, empty, "image/png", MAX, "png")
    assert excinfo.value.code == "empty"
    assert not storage.exists(empty)
    exe = new_key("incoming")
    storage.put(exe, io.BytesIO(samples["exe"]), "application/x-msdownload")
    with pytest.raises(UploadRejected) as excinfo:
        confirm_uploaded_object(storage, exe, "application/x-msdownload", MAX, "exe")
    assert excinfo.value.code == "bad_extension"
    assert not storage.exists(exe)
