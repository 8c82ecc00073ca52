"""How the bench sees the CPU a load took on each gunicorn worker."""
from __future__ import annotations

import os
import time

import pytest

from bench import workers

pytestmark = pytest.mark.no_db


def test_a_process_cpu_ticks_grow_while_it_works():
    before = workers.cpu_ticks(os.getpid())
    deadline = time.process_time() + 0.1
    while time.process_time() < deadline:
        pass
    assert workers.cpu_ticks(os.getpid()) > before


def test_a_process_that_is_gone_has_no_ticks():
    assert workers.cpu_ticks(2**22 + 12345) == 0  # above the kernel's largest pid


def fake_workers(monkeypatch, ticks: dict[int, list[int]]) -> None:
    monkeypatch.setattr(workers, "worker_pids", lambda _master: list(ticks))
    monkeypatch.setattr(workers, "cpu_ticks", lambda pid: ticks[pid].pop(0))


def test_the_share_is_the_busiest_worker_part_of_the_cpu_taken(monkeypatch):
    fake_workers(monkeypatch, {10: [100, 160], 11: [50, 70]})
    with workers.CpuShare(1) as cpu:
        pass
    assert cpu.share == pytest.approx(0.75)


def test_one_worker_alone_takes_all_of_it(monkeypatch):
    fake_workers(monkeypatch, {10: [100, 100], 11: [50, 90]})
    with workers.CpuShare(1) as cpu:
        pass
    assert cpu.share == 1.0


def test_no_cpu_taken_gives_no_share(monkeypatch):
    fake_workers(monkeypatch, {10: [5, 5], 11: [7, 7]})
    with workers.CpuShare(1) as cpu:
        pass
    assert cpu.share is None


def test_a_round_where_one_of_two_workers_took_nearly_all_the_cpu_is_lopsided():
    assert workers.lopsided(0.95, workers=2)
    assert workers.lopsided(1.0, workers=2)


def test_an_even_round_a_single_worker_or_no_cpu_is_not_lopsided():
    assert not workers.lopsided(0.58, workers=2)
    assert not workers.lopsided(1.0, workers=1)
    assert not workers.lopsided(None, workers=2)
