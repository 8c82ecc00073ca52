"""S3 backend (AWS or any S3-compatible endpoint: MinIO, Ceph, Garage, moto)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, BinaryIO, cast

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

from portal.storage.base import (
    DEFAULT_DOWNLOAD_EXPIRES,
    DEFAULT_UPLOAD_EXPIRES,
    HashingReader,
    ObjectInfo,
    ObjectNotFound,
    ObjectTooLarge,
    Readable,
    ReceivedFile,
    StorageBackend,
    StoredObject,
    content_disposition,
    file_sha256,
    validate_key,
)

_MISSING_CODES = frozenset({"404", "NoSuchKey", "NotFound", "NoSuchBucket"})
# A file posted to the portal arrives as a ReceivedFile (portal.web.received): written to a temporary file and
# counted while Werkzeug parses the request, so a file over the limit is refused before a byte is sent. boto3 then
# sends it by path: in one PUT up to RECEIVED_SINGLE_PUT_MAX (one request and no part assembly on the server; the
# portal's own limit, MAX_UPLOAD_BYTES, is far below), above it in parts its worker threads read from the file.
# Either way only a few buffers of the file are in memory. Its sha256 is computed from the file by another thread
# meanwhile: hashing does not wait for the network, nor the network for hashing.
#
# Any other stream (a small form's in-memory file, a caller's own stream) is read once, in order, by boto3 through
# a HashingReader: then an upload holds at most about MULTIPART_CONCURRENCY + 1 parts in memory; 5 MiB is S3's
# smallest part, and four parts in flight keep the link as busy as boto3's own upload of a file.
MULTIPART_THRESHOLD = 5 * 1024 * 1024
MULTIPART_CHUNKSIZE = 5 * 1024 * 1024
MULTIPART_CONCURRENCY = 4
RECEIVED_SINGLE_PUT_MAX = 256 * 1024 * 1024
RECEIVED_CHUNKSIZE = 16 * 1024 * 1024


def bounded_transfer_config() -> TransferConfig:
    """Small parts, few in flight, and few read ahead: with s3transfer's defaults a fast disk fills ten 8 MB
    parts in memory while they wait for the network."""
    config = TransferConfig(multipart_threshold=MULTIPART_THRESHOLD, multipart_chunksize=MULTIPART_CHUNKSIZE,
                            max_concurrency=MULTIPART_CONCURRENCY, max_io_queue=MULTIPART_CONCURRENCY)
    # Parts of a non-seekable stream read into memory and not yet sent: s3transfer allows 10 by default.
    config.max_in_memory_upload_chunks = MULTIPART_CONCURRENCY
    return config


def received_transfer_config() -> TransferConfig:
    """For a file sent by path: s3transfer reads each part from the file in the thread that sends it."""
    return TransferConfig(multipart_threshold=RECEIVED_SINGLE_PUT_MAX, multipart_chunksize=RECEIVED_CHUNKSIZE,
                          max_concurrency=MULTIPART_CONCURRENCY)


def _error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def make_client(endpoint_url: str | None = None, region: str | None = None) -> Any:
    """A boto3 S3 client; credentials come from the usual boto3 chain (env, profile, role)."""
    config = Config(
        s3={"addressing_style": "path"},
        signature_version="s3v4",
        # Newer botocore sends CRC checksums by default, which several
        # S3-compatible servers reject; only send them when an API requires it.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        retries={"max_attempts": 3, "mode": "standard"},
    )
    return boto3.session.Session().client(
        "s3", endpoint_url=endpoint_url or None, region_name=region or None, config=config
    )


class S3Storage(StorageBackend):
    name = "s3"

    def __init__(
        self,
        bucket: str,
        endpoint_url: str | None = None,
        region: str | None = None,
        client: Any | None = None,
        transfer_config: TransferConfig | None = None,
    ) -> None:
        if not bucket:
            raise ValueError("S3_BUCKET is required for the s3 storage backend")
        self.bucket = bucket
        self.client = client if client is not None else make_client(endpoint_url, region)
        self.transfer_config = transfer_config or bounded_transfer_config()
        self.received_config = received_transfer_config()

    def ensure_bucket(self) -> None:
        """Create the bucket if it does not exist (dev and tests)."""
        try:
            self.client.head_bucket(Bucket=self.bucket)
            return
        except ClientError as exc:
            if _error_code(exc) not in _MISSING_CODES:
                raise
        kwargs: dict[str, Any] = {"Bucket": self.bucket}
        region = self.client.meta.region_name
        if region and region != "us-east-1":
            kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
        self.client.create_bucket(**kwargs)

    def put(
        self, key: str, stream: Readable, content_type: str, *, max_size: int | None = None
    ) -> StoredObject:
        validate_key(key)
        if isinstance(stream, ReceivedFile):
            return self._put_received(key, stream, content_type, max_size)
        reader = HashingReader(stream, max_size)
        # upload_fileobj reads the (non-seekable) reader once, in order, one part
        # at a time, and switches to a multipart upload above the threshold.
        self.client.upload_fileobj(
            reader,
            self.bucket,
            key,
            ExtraArgs={"ContentType": content_type},
            Config=self.transfer_config,
        )
        return StoredObject(key=key, size=reader.size, sha256=reader.hexdigest())

    def _put_received(self, key: str, received: ReceivedFile, content_type: str,
                      max_size: int | None) -> StoredObject:
        """A file received whole: too large is known before a byte is sent; boto3 reads it by path."""
        if max_size is not None and received.size > max_size:
            raise ObjectTooLarge(f"{received.size} bytes, more than {max_size}")
        path = received.path
        with ThreadPoolExecutor(max_workers=1) as hashing:
            sha256 = hashing.submit(file_sha256, path)
            self.client.upload_file(path, self.bucket, key, ExtraArgs={"ContentType": content_type},
                                    Config=self.received_config)
        return StoredObject(key=key, size=received.size, sha256=sha256.result())

    def open(self, key: str) -> BinaryIO:
        validate_key(key)
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _error_code(exc) in _MISSING_CODES:
                raise ObjectNotFound(key) from exc
            raise
        return cast(BinaryIO, response["Body"])  # botocore StreamingBody (an IOBase)

    def delete(self, key: str) -> None:
        validate_key(key)
        self.client.delete_object(Bucket=self.bucket, Key=key)

    def head(self, key: str) -> ObjectInfo | None:
        validate_key(key)
        try:
            response = self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _error_code(exc) in _MISSING_CODES:
                return None
            raise
        return ObjectInfo(
            size=int(response["ContentLength"]),
            content_type=str(response.get("ContentType") or "application/octet-stream"),
        )

    def read_head(self, key: str, n: int) -> bytes:
        validate_key(key)
        if n <= 0:
            return b""
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=key, Range=f"bytes=0-{n - 1}")
        except ClientError as exc:
            code = _error_code(exc)
            if code in _MISSING_CODES:
                raise ObjectNotFound(key) from exc
            if code == "InvalidRange":  # empty object
                return b""
            raise
        body = response["Body"]
        try:
            return bytes(body.read(n))
        finally:
            body.close()

    def move(self, src_key: str, dst_key: str) -> None:
        validate_key(src_key)
        validate_key(dst_key)
        info = self.head(src_key)
        if info is None:
            raise ObjectNotFound(src_key)
        # Managed copy (multipart above the threshold); a multipart copy drops
        # metadata, so the content type is set explicitly.
        self.client.copy(
            {"Bucket": self.bucket, "Key": src_key},
            self.bucket,
            dst_key,
            ExtraArgs={"ContentType": info.content_type, "MetadataDirective": "REPLACE"},
            Config=self.transfer_config,
        )
        self.client.delete_object(Bucket=self.bucket, Key=src_key)

    def download_url(
        self,
        key: str,
        filename: str,
        expires: int = DEFAULT_DOWNLOAD_EXPIRES,
        content_type: str | None = None,
    ) -> str | None:
        validate_key(key)
        params = {
            "Bucket": self.bucket,
            "Key": key,
            "ResponseContentDisposition": content_disposition(filename),
            "ResponseContentType": content_type or "application/octet-stream",
        }
        return str(
            self.client.generate_presigned_url("get_object", Params=params, ExpiresIn=expires)
        )

    def presigned_upload(
        self, key: str, content_type: str, max_size: int, expires: int = DEFAULT_UPLOAD_EXPIRES
    ) -> dict[str, object] | None:
        """``{"url": ..., "fields": {...}}``: POST the fields, then ``file`` last.

        The policy pins the key, an exact Content-Type and 1..max_size bytes.
        Not every S3-compatible server enforces it, so always confirm with
        ``validation.confirm_uploaded_object`` afterwards.
        """
        validate_key(key)
        if max_size < 1:
            raise ValueError("max_size must be positive")
        post = self.client.generate_presigned_post(
            Bucket=self.bucket,
            Key=key,
            Fields={"Content-Type": content_type},
            Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_size]],
            ExpiresIn=expires,
        )
        return dict(post)
