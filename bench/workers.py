"""The gunicorn workers of a server: their pids, and how the CPU a load took was shared between them.

With keep-alive, each of wrk's connections stays with the worker that accepted it. On one shared listening socket
the accepts are a race, and a single worker often took all eight (6 of 14 wrk runs of the pairing page, on 2 cores):
such a round measured one core, not the server. The runner starts gunicorn with --reuse-port (a listening socket per worker,
the kernel spreading the connections between them), and reports, for every page and round, the share of the CPU
the busiest worker took: 50 % on 2 workers is an even load, 100 % one worker alone. Even so the hash puts all
eight connections on one worker about once in 128 rounds (4 rounds of 286 in six runs, one of them H's): a round
where one worker took LOPSIDED or more of the CPU is run again (:func:`lopsided`).
"""
from __future__ import annotations

import os
from pathlib import Path

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
LOPSIDED = 0.9  # the busiest worker's share of the CPU from which a round measured one worker, not the server


def worker_pids(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def cpu_ticks(pid: int) -> int:
    """User and system CPU of a process so far, in clock ticks (/proc/<pid>/stat, fields 14 and 15)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


class CpuShare:
    """Around a load: the busiest worker's share of the CPU the workers took (None when they took none)."""

    def __init__(self, master_pid: int) -> None:
        self.pids = worker_pids(master_pid)
        self.share: float | None = None

    @property
    def lopsided(self) -> bool:
        return lopsided(self.share, len(self.pids))

    def __enter__(self) -> CpuShare:
        self.start = {pid: cpu_ticks(pid) for pid in self.pids}
        return self

    def __exit__(self, *exc) -> None:
        used = [cpu_ticks(pid) - self.start[pid] for pid in self.pids]
        self.share = max(used) / sum(used) if sum(used) > 0 else None


def lopsided(share: float | None, workers: int) -> bool:
    """Whether a round measured one worker rather than the server: with several workers, one took nearly all."""
    return workers > 1 and share is not None and share >= LOPSIDED
