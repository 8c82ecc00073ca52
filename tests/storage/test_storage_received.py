"""A posted file as the portal receives it (ReceivedFile): counted while written, then sent (and hashed) by path."""
from __future__ import annotations

import hashlib
import os

import pytest

from portal.storage import ObjectTooLarge, new_key
from portal.storage.base import ReceivedFile
from portal.storage.s3 import S3Storage


def _received(data: bytes, step: int = 64 * 1024) -> ReceivedFile:
    """Written the way Werkzeug's form parser writes a file part: in pieces, then back to the start."""
    received = ReceivedFile()
    for start in range(0, len(data), step):
        received.write(data[start:start + step])
    received.seek(0)
    return received


@pytest.fixture
def sent(s3_storage: S3Storage):
    """(operation, body) of every request the S3 client sends during the test."""
    requests: list[tuple[str, object]] = []

    def record(request, event_name, **_):
        requests.append((event_name.split(".")[-1], request.body))

    s3_storage.client.meta.events.register("before-send.s3", record)
    yield requests
    s3_storage.client.meta.events.unregister("before-send.s3", record)


def test_the_size_is_known_once_written():
    data = os.urandom(300_000)
    received = _received(data)
    assert received.size == len(data)
    with open(received.path, "rb") as fh:  # the bytes are in the named file, for a reader that opens it
        assert fh.read() == data


def test_writing_after_a_seek_is_refused():
    received = _received(b"%PDF-1.4\n")
    with pytest.raises(OSError):
        received.write(b"more")


def test_the_temporary_file_is_removed_when_closed():
    received = _received(b"%PDF-1.4\n")
    path = received.path
    assert os.path.exists(path)
    received.close()
    assert not os.path.exists(path)


def test_s3_sends_a_received_file_by_path_in_one_put(s3_storage: S3Storage, sent):
    data = b"%PDF-1.4\n" + os.urandom(12 * 1024 * 1024)
    key = new_key("documents")
    stored = s3_storage.put(key, _received(data), "application/pdf")
    assert (stored.size, stored.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    [(operation, body)] = sent
    assert operation == "PutObject"
    assert not isinstance(body, bytes | bytearray)  # read from the file as it is sent, never held whole
    head = s3_storage.client.head_object(Bucket=s3_storage.bucket, Key=key)
    assert (head["ContentLength"], head["ContentType"]) == (len(data), "application/pdf")


def test_s3_refuses_a_too_large_received_file_before_sending_anything(s3_storage: S3Storage, sent):
    key = new_key("documents")
    with pytest.raises(ObjectTooLarge):
        s3_storage.put(key, _received(b"%PDF-1.4\n" + b"0" * 1000), "application/pdf", max_size=1000)
    assert sent == []
    assert not s3_storage.exists(key)
