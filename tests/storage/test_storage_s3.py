"""S3-only behaviour over real HTTP: presigned POST + server-side confirmation, presigned GET."""

from __future__ import annotations

import io
import urllib.request
import uuid
from typing import Any

import pytest

from portal.storage.base import new_key
from portal.storage.s3 import S3Storage
from portal.storage.validation import UploadRejected, confirm_uploaded_object

PDF_TYPE = "application/pdf"

pytestmark = pytest.mark.no_db  # storage needs no database transaction


def post_form(post: dict[str, Any], content: bytes, filename: str = "upload.bin") -> int:
    """Do what the browser does: multipart/form-data with the policy fields, then ``file``."""
    boundary = f"----portal{uuid.uuid4().hex}"
    parts: list[bytes] = []
    for name, value in post["fields"].items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    request = urllib.request.Request(
        post["url"],
        data=b"".join(parts),
        method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(response.status)


def test_presigned_post_fields(s3_storage: S3Storage) -> None:
    key = new_key("incoming")
    post = s3_storage.presigned_upload(key, PDF_TYPE, max_size=5_000_000)
    assert post is not None
    fields = post["fields"]
    assert isinstance(fields, dict)
    assert fields["key"] == key
    assert fields["Content-Type"] == PDF_TYPE
    assert {"policy", "x-amz-signature", "x-amz-credential"} <= set(fields)
    assert str(post["url"]).endswith(f"/{s3_storage.bucket}")  # path-style addressing


def test_presigned_post_upload_then_confirm(s3_storage: S3Storage, samples: dict[str, bytes]) -> None:
    key = new_key("incoming")
    post = s3_storage.presigned_upload(key, PDF_TYPE, max_size=1_000_000)
    assert post is not None
    assert post_form(post, samples["pdf"], "stage.pdf") in (200, 201, 204)
    info = confirm_uploaded_object(s3_storage, key, PDF_TYPE, 1_000_000, "pdf")
    assert info.size == len(samples["pdf"])
    assert info.content_type == PDF_TYPE
    assert s3_storage.exists(key)
    assert s3_storage.read_head(key, 5) == b"%PDF-"


def test_confirm_moves_to_final_key(s3_storage: S3Storage, samples: dict[str, bytes]) -> None:
    staging, final = new_key("incoming"), new_key("documents")
    post = s3_storage.presigned_upload(staging, PDF_TYPE, max_size=1_000_000)
    assert post is not None
    post_form(post, samples["pdf"])
    info = confirm_uploaded_object(s3_storage, staging, PDF_TYPE, 1_000_000, "pdf", final_key=final)
    assert info.size == len(samples["pdf"])
    assert not s3_storage.exists(staging)
    final_info = s3_storage.head(final)
    assert final_info is not None and final_info.content_type == PDF_TYPE
    assert s3_storage.checksum(final).size == len(samples["pdf"])


def test_exe_declared_as_pdf_is_rejected_and_deleted(
    s3_storage: S3Storage, samples: dict[str, bytes]
) -> None:
    key = new_key("incoming")
    post = s3_storage.presigned_upload(key, PDF_TYPE, max_size=1_000_000)
    assert post is not None
    post_form(post, samples["exe"], "invoice.pdf")
    assert s3_storage.exists(key)  # moto does not check content; the server must
    with pytest.raises(UploadRejected) as excinfo:
        confirm_uploaded_object(s3_storage, key, PDF_TYPE, 1_000_000, "pdf")
    assert excinfo.value.code == "type_mismatch"
    assert not s3_storage.exists(key)


def test_oversize_upload_is_rejected_and_deleted(
    s3_storage: S3Storage, samples: dict[str, bytes]
) -> None:
    key = new_key("incoming")
    post = s3_storage.presigned_upload(key, PDF_TYPE, max_size=1_000)
    assert post is not None
    post_form(post, samples["pdf"] + b"%" * 5_000)  # moto ignores content-length-range
    with pytest.raises(UploadRejected) as excinfo:
        confirm_uploaded_object(s3_storage, key, PDF_TYPE, 1_000, "pdf")
    assert excinfo.value.code == "too_large"
    assert not s3_storage.exists(key)


def test_wrong_stored_content_type_is_rejected_and_deleted(
    s3_storage: S3Storage, samples: dict[str, bytes]
) -> None:
    key = new_key("incoming")
    s3_storage.put(key, io.BytesIO(samples["pdf"]), "text/html")
    with pytest.raises(UploadRejected) as excinfo:
        confirm_uploaded_object(s3_storage, key, PDF_TYPE, 1_000_000, "pdf")
    assert excinfo.value.code == "type_mismatch"
    assert not s3_storage.exists(key)


def test_missing_upload_is_rejected(s3_storage: S3Storage) -> None:
    for final_key in (None, new_key("documents")):
        with pytest.raises(UploadRejected) as excinfo:
            confirm_uploaded_object(
                s3_storage, new_key("incoming"), PDF_TYPE, 1_000, "pdf", final_key=final_key
            )
        assert excinfo.value.code == "missing"


def test_presigned_get_downloads_as_attachment(
    s3_storage: S3Storage, samples: dict[str, bytes]
) -> None:
    key = new_key("documents")
    s3_storage.put(key, io.BytesIO(samples["pdf"]), PDF_TYPE)
    url = s3_storage.download_url(key, "Programme de séjour.pdf", expires=60, content_type=PDF_TYPE)
    assert url is not None and "X-Amz-Signature" in url and "X-Amz-Expires=60" in url
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read()
        disposition = response.headers["Content-Disposition"]
        content_type = response.headers["Content-Type"]
    assert body == samples["pdf"]
    assert disposition.startswith("attachment;")
    assert 'filename="Programme de sejour.pdf"' in disposition
    assert "filename*=UTF-8''Programme%20de%20s%C3%A9jour.pdf" in disposition
    assert content_type == PDF_TYPE


def test_large_put_uses_multipart(s3_storage: S3Storage) -> None:
    key = new_key("documents")
    size = 9 * 1024 * 1024
    stored = s3_storage.put(key, io.BytesIO(b"\x00" * size), "application/octet-stream")
    etag = s3_storage.client.head_object(Bucket=s3_storage.bucket, Key=key)["ETag"]
    assert stored.size == size
    assert etag.strip('"').endswith("-2")  # two parts: 5 MiB + 4 MiB


def test_a_proxied_upload_reads_only_a_few_parts_ahead_of_what_s3_received(s3_storage: S3Storage) -> None:
    """Bounded memory: the stream is never read more than a few parts ahead of the parts S3 has received,
    whatever the file's size."""
    from portal.storage import s3

    read = {"bytes": 0}
    sent = {"bytes": 0, "max_ahead": 0}

    class Counting(io.BytesIO):
        def read(self, size: int = -1) -> bytes:
            data = super().read(size)
            read["bytes"] += len(data)
            return data

    original = s3_storage.client.upload_part

    def upload_part(**kwargs):
        sent["max_ahead"] = max(sent["max_ahead"], read["bytes"] - sent["bytes"])
        body = kwargs["Body"]
        start = body.tell()
        part = len(body.read())
        body.seek(start)
        result = original(**kwargs)
        sent["bytes"] += part
        return result

    s3_storage.client.upload_part = upload_part
    size = 60 * 1024 * 1024
    stored = s3_storage.put(new_key("documents"), Counting(b"\x01" * size), "application/octet-stream")
    assert stored.size == size
    # in flight, queued, and the one being read and submitted (the whole 60 MB without the bounded queue)
    bound = (2 * s3.MULTIPART_CONCURRENCY + 2) * s3.MULTIPART_CHUNKSIZE
    assert 0 < sent["max_ahead"] <= bound < size
