"""The reader every backend stores through: full reads whatever the stream underneath returns per call."""
from __future__ import annotations

import io

from portal.storage.base import HashingReader


class Trickle(io.RawIOBase):
    """A stream that gives at most ``step`` bytes per read, as a socket or a sniffed upload's head does."""

    def __init__(self, data: bytes, step: int) -> None:
        self._data = io.BytesIO(data)
        self._step = step

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self._data.read(self._step if size is None or size < 0 else min(size, self._step))


def test_a_sized_read_is_filled_although_the_stream_gives_less_per_call():
    """boto3 takes a short first read for the end of a small file and then reads all the rest into memory."""
    reader = HashingReader(Trickle(b"x" * 10_000, step=4096))
    assert len(reader.read(8192)) == 8192
    assert len(reader.read(8192)) == 1808
    assert reader.read(8192) == b""
    assert reader.size == 10_000


def test_the_hash_covers_every_byte_of_a_trickled_stream():
    import hashlib

    data = bytes(range(256)) * 50
    reader = HashingReader(Trickle(data, step=1000))
    while reader.read(3000):
        pass
    assert reader.hexdigest() == hashlib.sha256(data).hexdigest()
