"""Document storage: one interface (:class:`StorageBackend`), two backends.

``make_storage(app.config)`` picks the backend from ``STORAGE_BACKEND``:

* ``"local"`` (default): files under ``UPLOAD_FOLDER`` (e.g. ``instance/uploads``);
* ``"s3"``: bucket ``S3_BUCKET`` at ``S3_ENDPOINT_URL`` (AWS when empty) in
  ``S3_REGION``; credentials come from the environment as boto3 does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from portal.storage.base import (
    InvalidKey,
    ObjectInfo,
    ObjectNotFound,
    ObjectTooLarge,
    StorageBackend,
    StorageError,
    StoredObject,
    content_disposition,
    new_key,
    validate_key,
)
from portal.storage.local import LocalStorage

__all__ = [
    "InvalidKey",
    "ObjectInfo",
    "ObjectNotFound",
    "ObjectTooLarge",
    "StorageBackend",
    "StorageError",
    "StoredObject",
    "content_disposition",
    "make_storage",
    "new_key",
    "validate_key",
]


def make_storage(config: Mapping[str, Any]) -> StorageBackend:
    backend = str(config.get("STORAGE_BACKEND") or "local").strip().lower()
    if backend == "local":
        folder = config.get("UPLOAD_FOLDER")
        if not folder:
            raise ValueError(
                "UPLOAD_FOLDER must be set for the local storage backend "
                "(e.g. os.path.join(app.instance_path, 'uploads'))"
            )
        return LocalStorage(folder)
    if backend == "s3":
        from portal.storage.s3 import S3Storage  # boto3 is only imported when S3 is used

        return S3Storage(
            bucket=str(config.get("S3_BUCKET") or ""),
            endpoint_url=config.get("S3_ENDPOINT_URL") or None,
            region=config.get("S3_REGION") or None,
        )
    raise ValueError(f"unknown STORAGE_BACKEND {backend!r} (expected 'local' or 's3')")
