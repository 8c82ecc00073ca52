"""The 100 MB upload through the portal: peak RSS growth of its workers and throughput against a direct boto3 upload
to the same S3 endpoint (the local moto server the runner starts)."""
from __future__ import annotations

import os
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from bench.pages import Session, csrf_token
from bench.workers import worker_pids

MB = 1024 * 1024


@dataclass(frozen=True)
class UploadResult:
    status: int
    seconds: float
    rss_growth_mb: float


def make_pdf(path: Path, size: int) -> None:
    """A file the portal accepts as a PDF (its magic bytes), random after the header, written in 1 MB blocks."""
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.4\n%bench\n")
        written = handle.tell()
        block = os.urandom(MB)
        while written < size:
            chunk = block[: size - written]
            handle.write(chunk)
            written += len(chunk)


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


class RssWatch:
    """Peak RSS growth of the workers over a with-block: the kernel's high-water mark, reset first where the kernel
    allows it, and a 20 ms sampler as well."""

    def __init__(self, master_pid: int) -> None:
        self.pids = worker_pids(master_pid)
        self.start: dict[int, int] = {}
        self.peak: dict[int, int] = {}
        self._stop = threading.Event()
        self._reset_hwm = False

    def __enter__(self) -> RssWatch:
        for pid in self.pids:
            try:
                Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets VmHWM to the current RSS
                self._reset_hwm = True
            except OSError:
                pass
            self.start[pid] = self.peak[pid] = _status_kb(pid, "VmRSS")
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            for pid in self.pids:
                try:
                    self.peak[pid] = max(self.peak[pid], _status_kb(pid, "VmRSS"))
                except OSError:
                    pass

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        if self._reset_hwm:
            for pid in self.pids:
                try:
                    self.peak[pid] = max(self.peak[pid], _status_kb(pid, "VmHWM"))
                except OSError:
                    pass

    @property
    def growth_mb(self) -> float:
        return max((self.peak[pid] - self.start[pid] for pid in self.pids), default=0) / 1024


def multipart_body(path: Path, boundary: str, fields: dict[str, str], file_field: str, filename: str) -> Path:
    """The request body as a file next to the upload, so the client streams it instead of holding 100 MB."""
    body = path.with_suffix(".body")
    with body.open("wb") as out:
        for name, value in fields.items():
            out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
                  "Content-Type: application/pdf\r\n\r\n".encode())
        with path.open("rb") as source:
            while chunk := source.read(MB):
                out.write(chunk)
        out.write(f"\r\n--{boundary}--\r\n".encode())
    return body


def upload_through_portal(session: Session, application_id: int, path: Path, master_pid: int) -> UploadResult:
    form_url = f"/projets/{application_id}/documents/televerser"
    token = csrf_token(session.text(form_url)) or ""
    boundary = "bench" + uuid.uuid4().hex
    body = multipart_body(path, boundary, {"csrf_token": token, "kind": "other"}, "file", "bench-100mb.pdf")
    try:
        with body.open("rb") as stream, RssWatch(master_pid) as watch:
            started = time.perf_counter()
            status, _, _ = session.request("POST", form_url, body=stream, headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Content-Length": str(body.stat().st_size)})
            seconds = time.perf_counter() - started
        return UploadResult(status, seconds, watch.growth_mb)
    finally:
        body.unlink(missing_ok=True)


def upload_direct(endpoint: str, bucket: str, path: Path) -> float:
    """Seconds for boto3's managed upload (its default multipart settings) of the same file to the same endpoint."""
    import boto3

    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="bench", aws_secret_access_key="bench")
    key = f"bench/direct-{uuid.uuid4().hex}"
    started = time.perf_counter()
    client.upload_file(str(path), bucket, key)
    seconds = time.perf_counter() - started
    client.delete_object(Bucket=bucket, Key=key)
    return seconds
