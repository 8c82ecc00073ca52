"""The portal's request class: a posted file is received into a :class:`ReceivedFile`, a named temporary file that
counts what Werkzeug's form parser writes, so the backend can send it by path (see the top of portal/storage/s3.py)."""
from __future__ import annotations

from typing import IO, Any

from flask import Request

from portal.storage.base import ReceivedFile

IN_MEMORY_BODY = 500 * 1024  # Werkzeug's own spooling limit: the files of a smaller body stay in memory


class PortalRequest(Request):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._received: list[ReceivedFile] = []

    def _get_file_stream(self, total_content_length: int | None, content_type: str | None,
                         filename: str | None = None, content_length: int | None = None) -> IO[bytes]:
        if total_content_length is not None and total_content_length <= IN_MEMORY_BODY:
            return super()._get_file_stream(total_content_length, content_type, filename, content_length)
        received = ReceivedFile()
        self._received.append(received)
        return received  # type: ignore[return-value]  # file-like: write, read, seek, close

    def close(self) -> None:
        """Flask calls this at the end of the request: a file whose body was cut off (never in ``files``) goes
        too, at once rather than whenever the garbage collector gets to it."""
        super().close()
        for received in self._received:
            received.close()
