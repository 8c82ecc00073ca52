"""One behavioural suite, run against both backends (``backend`` fixture)."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from portal.storage import make_storage
from portal.storage.base import InvalidKey, ObjectNotFound, ObjectTooLarge, StorageBackend, new_key, validate_key
from portal.storage.local import LocalStorage

pytestmark = pytest.mark.no_db  # storage needs no database transaction


class ChunkedStream:
    """A non-seekable stream producing ``total`` pseudo-random bytes; tracks its largest read."""

    def __init__(self, total: int) -> None:
        self.remaining = total
        self.hash = hashlib.sha256()
        self.largest_read = 0
        self._block = hashlib.sha256(b"seed").digest() * 2048  # 64 KiB

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            raise AssertionError("put() must read in bounded chunks")
        self.largest_read = max(self.largest_read, size)
        n = min(size, self.remaining)
        data = (self._block * (n // len(self._block) + 1))[:n]
        self.remaining -= n
        self.hash.update(data)
        return data


def test_put_open_roundtrip(backend: StorageBackend) -> None:
    key = new_key("documents")
    data = b"%PDF-1.4 hello\n" * 100
    stored = backend.put(key, io.BytesIO(data), "application/pdf")
    assert stored.key == key
    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    with backend.open(key) as fh:
        assert fh.read() == data
    assert b"".join(backend.iter_chunks(key, chunk_size=7)) == data
    assert backend.checksum(key) == stored


def test_streams_multi_megabyte_file(backend: StorageBackend) -> None:
    total = 12 * 1024 * 1024 + 123  # above the 8 MiB multipart threshold on S3
    stream = ChunkedStream(total)
    key = new_key("documents")
    stored = backend.put(key, stream, "application/octet-stream")
    assert stored.size == total
    assert stored.sha256 == stream.hash.hexdigest()
    assert stream.largest_read <= 8 * 1024 * 1024  # never the whole file at once
    info = backend.head(key)
    assert info is not None and info.size == total
    digest = hashlib.sha256()
    for chunk in backend.iter_chunks(key):
        digest.update(chunk)
    assert digest.hexdigest() == stored.sha256


def test_max_size_aborts_put(backend: StorageBackend) -> None:
    key = new_key("documents")
    with pytest.raises(ObjectTooLarge):
        backend.put(key, io.BytesIO(b"x" * 2000), "text/plain", max_size=1000)
    assert not backend.exists(key)


def test_head_exists_delete(backend: StorageBackend) -> None:
    key = new_key("documents")
    assert backend.head(key) is None
    assert not backend.exists(key)
    backend.put(key, io.BytesIO(b"a,b\n1,2\n"), "text/csv")
    info = backend.head(key)
    assert info is not None
    assert (info.size, info.content_type) == (8, "text/csv")
    assert backend.exists(key)
    backend.delete(key)
    assert not backend.exists(key)
    backend.delete(key)  # idempotent
    with pytest.raises(ObjectNotFound):
        backend.open(key)


def test_overwrite_replaces_content_and_type(backend: StorageBackend) -> None:
    key = new_key("documents")
    backend.put(key, io.BytesIO(b"first version"), "text/plain")
    backend.put(key, io.BytesIO(b"%PDF-2"), "application/pdf")
    assert backend.read_head(key, 100) == b"%PDF-2"
    info = backend.head(key)
    assert info is not None and info.content_type == "application/pdf"


def test_read_head(backend: StorageBackend) -> None:
    key = new_key("documents")
    backend.put(key, io.BytesIO(b"%PDF-1.7" + b"z" * 10_000), "application/pdf")
    assert backend.read_head(key, 5) == b"%PDF-"
    assert len(backend.read_head(key, 4096)) == 4096
    assert backend.read_head(key, 0) == b""
    small = new_key("documents")
    backend.put(small, io.BytesIO(b"abc"), "text/plain")
    assert backend.read_head(small, 4096) == b"abc"
    empty = new_key("documents")
    backend.put(empty, io.BytesIO(b""), "text/plain")
    assert backend.read_head(empty, 10) == b""
    with pytest.raises(ObjectNotFound):
        backend.read_head(new_key("documents"), 10)


def test_move(backend: StorageBackend) -> None:
    src, dst = new_key("incoming"), new_key("documents")
    backend.put(src, io.BytesIO(b"\x89PNG\r\n\x1a\n..."), "image/png")
    backend.move(src, dst)
    assert not backend.exists(src)
    info = backend.head(dst)
    assert info is not None and info.content_type == "image/png"
    with pytest.raises(ObjectNotFound):
        backend.move(src, new_key("documents"))


@pytest.mark.parametrize(
    "key",
    ["../x", "documents/../../etc/passwd", "/etc/passwd", "documents/", "a//b", "Documents/x",
     "a/./b", "a\\b", "doc.pdf", "", "a/b\x00", "é/x", "a b", "x" * 600],
)
def test_key_validation_refuses_escapes(backend: StorageBackend, key: str) -> None:
    with pytest.raises(InvalidKey):
        backend.put(key, io.BytesIO(b"x"), "text/plain")
    for op in (backend.open, backend.delete, backend.head, backend.exists):
        with pytest.raises(InvalidKey):
            op(key)
    with pytest.raises(InvalidKey):
        backend.read_head(key, 10)
    with pytest.raises(InvalidKey):
        backend.download_url(key, "x.pdf")


def test_new_key_format() -> None:
    key = new_key("documents", now=datetime(2026, 11, 3, tzinfo=timezone.utc))
    assert re.fullmatch(r"documents/2026/11/[0-9a-f]{32}", key)
    assert validate_key(key) == key
    assert new_key() != new_key()
    assert re.fullmatch(r"incoming/\d{4}/\d{2}/[0-9a-f]{32}", new_key("incoming"))
    with pytest.raises(InvalidKey):
        new_key("../up")


def test_local_refuses_symlink_escape(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    storage = LocalStorage(tmp_path / "root")
    (storage.root / "documents").symlink_to(outside, target_is_directory=True)
    with pytest.raises(InvalidKey):
        storage.put("documents/x", io.BytesIO(b"x"), "text/plain")
    assert list(outside.iterdir()) == []


def test_local_put_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "root")
    key = "documents/2026/11/abc"
    storage.put(key, io.BytesIO(b"old"), "text/plain")

    class Exploding:
        def __init__(self) -> None:
            self.calls = 0

        def read(self, size: int = -1) -> bytes:
            self.calls += 1
            if self.calls > 1:
                raise OSError("client went away")
            return b"partial new content"

    with pytest.raises(OSError):
        storage.put(key, Exploding(), "text/plain")
    assert storage.read_head(key, 100) == b"old"  # previous version intact
    names = sorted(p.name for p in (storage.root / "documents/2026/11").iterdir())
    assert names == ["abc", "abc.meta"]
    assert storage.download_url(key, "a.txt") is None
    assert storage.presigned_upload(key, "text/plain", 10) is None


def test_make_storage(tmp_path: Path) -> None:
    local = make_storage({"UPLOAD_FOLDER": str(tmp_path / "up")})
    assert isinstance(local, LocalStorage) and local.root == (tmp_path / "up").resolve()
    with pytest.raises(ValueError):
        make_storage({"STORAGE_BACKEND": "local"})
    with pytest.raises(ValueError):
        make_storage({"STORAGE_BACKEND": "ftp", "UPLOAD_FOLDER": str(tmp_path)})
    with pytest.raises(ValueError):
        make_storage({"STORAGE_BACKEND": "s3"})  # S3_BUCKET missing
    s3 = make_storage({"STORAGE_BACKEND": "s3", "S3_BUCKET": "b", "S3_REGION": "ca-central-1",
                       "S3_ENDPOINT_URL": "http://127.0.0.1:9"})
    assert s3.name == "s3"
