"""Fixtures for the storage tests: both backends and sample files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from portal.storage.base import StorageBackend
from portal.storage.local import LocalStorage

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
HTML = b"  <!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'\xef\xbb\xbf<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
XML_SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>'
CSV = "nom,ville,montant\nÉcole hôtelière,Québec,126.00\n".encode()
CSV_CP1252 = "nom;ville\nFrançois;Trois-Rivières\n".encode("cp1252")


def _zip(entries: dict[str, bytes], *, stored_first: bool = False) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (name, data) in enumerate(entries.items()):
            kind = zipfile.ZIP_STORED if stored_first and i == 0 else zipfile.ZIP_DEFLATED
            zf.writestr(name, data, compress_type=kind)
    return buf.getvalue()


CT_XML = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
DOCX = _zip({"[Content_Types].xml": CT_XML, "_rels/.rels": b"<r/>", "word/document.xml": b"<w/>"})
XLSX = _zip({"[Content_Types].xml": CT_XML, "_rels/.rels": b"<r/>", "xl/workbook.xml": b"<x/>"})
ODT = _zip(
    {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<o/>"},
    stored_first=True,
)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.fixture(params=["local", "s3"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> StorageBackend:
    """The same tests run against the local backend and against S3 (moto server)."""
    if request.param == "local":
        return LocalStorage(tmp_path / "uploads")
    storage: StorageBackend = request.getfixturevalue("s3_storage")
    return storage


SAMPLES: dict[str, bytes] = {
    "pdf": MINIMAL_PDF,
    "png": PNG,
    "jpeg": JPEG,
    "exe": EXE,
    "elf": ELF,
    "html": HTML,
    "svg": SVG,
    "xml_svg": XML_SVG,
    "csv": CSV,
    "csv_cp1252": CSV_CP1252,
    "docx": DOCX,
    "xlsx": XLSX,
    "odt": ODT,
    "ole2": OLE2,
}


@pytest.fixture
def samples() -> dict[str, bytes]:
    """Sample file contents by name (fixtures keep test modules free of conftest imports)."""
    return dict(SAMPLES)
