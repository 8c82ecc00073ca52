"""Local filesystem backend (the embedded default, e.g. ``instance/uploads``)."""

from __future__ import annotations

import io
import json
import os
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO

from portal.storage.base import (
    CHUNK_SIZE,
    HashingReader,
    InvalidKey,
    ObjectInfo,
    ObjectNotFound,
    Readable,
    StorageBackend,
    StoredObject,
    validate_key,
)

DEFAULT_CONTENT_TYPE = "application/octet-stream"
# Keys cannot contain ".", so neither sidecars nor temp files can collide with a key.
_META_SUFFIX = ".meta"
_TMP_PREFIX = ".tmp-"


def _fsync_dir(path: Path) -> None:
    if not hasattr(os, "O_DIRECTORY"):  # pragma: no cover - Windows
        return
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class LocalStorage(StorageBackend):
    """Files under ``root_dir``; the content type lives in a ``<file>.meta`` sidecar."""

    name = "local"

    def __init__(self, root_dir: str | os.PathLike[str]) -> None:
        self.root = Path(root_dir).resolve()
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)

    def _path(self, key: str) -> Path:
        validate_key(key)
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root) or path == self.root:
            raise InvalidKey(f"key escapes the storage root: {key!r}")
        return path

    @staticmethod
    def _meta_path(path: Path) -> Path:
        return path.with_name(path.name + _META_SUFFIX)

    def _atomic_write(self, path: Path, stream: Readable, max_size: int | None) -> HashingReader:
        """Copy ``stream`` to a temp file next to ``path``, then ``os.replace`` it."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_TMP_PREFIX)
        reader = HashingReader(stream, max_size)
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := reader.read(CHUNK_SIZE):
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            with suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        return reader

    def put(
        self, key: str, stream: Readable, content_type: str, *, max_size: int | None = None
    ) -> StoredObject:
        path = self._path(key)
        reader = self._atomic_write(path, stream, max_size)
        meta = json.dumps({"content_type": content_type}).encode()
        self._atomic_write(self._meta_path(path), io.BytesIO(meta), None)
        _fsync_dir(path.parent)
        return StoredObject(key=key, size=reader.size, sha256=reader.hexdigest())

    def open(self, key: str) -> BinaryIO:
        path = self._path(key)
        try:
            return open(path, "rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise ObjectNotFound(key) from exc

    def delete(self, key: str) -> None:
        path = self._path(key)
        for p in (path, self._meta_path(path)):
            with suppress(FileNotFoundError, NotADirectoryError):
                p.unlink()

    def head(self, key: str) -> ObjectInfo | None:
        path = self._path(key)
        if not path.is_file():
            return None
        size = path.stat().st_size
        try:
            meta = json.loads(self._meta_path(path).read_text("utf-8"))
            content_type = str(meta.get("content_type") or DEFAULT_CONTENT_TYPE)
        except (OSError, ValueError, AttributeError):
            content_type = DEFAULT_CONTENT_TYPE
        return ObjectInfo(size=size, content_type=content_type)

    def read_head(self, key: str, n: int) -> bytes:
        if n <= 0:
            self._path(key)
            return b""
        with self.open(key) as fh:
            return fh.read(n)

    def move(self, src_key: str, dst_key: str) -> None:
        src, dst = self._path(src_key), self._path(dst_key)
        if not src.is_file():
            raise ObjectNotFound(src_key)
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(self._meta_path(src), self._meta_path(dst))
        except FileNotFoundError:
            with suppress(FileNotFoundError):
                self._meta_path(dst).unlink()
        os.replace(src, dst)

