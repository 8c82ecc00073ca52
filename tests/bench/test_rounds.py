"""The runner's rounds: one where a single worker took nearly all the CPU is run again."""
from __future__ import annotations

import argparse
import json

import pytest

from bench import runner, targets, workers

pytestmark = pytest.mark.no_db

PAGE = runner.Page("queue", "review queue page 1", "/examen/", "coordinator", "home")


def wrk_result(requests: int) -> dict:
    return targets.parse_wrk_result(json.dumps({
        "requests": requests, "duration_us": 1_000_000, "connect": 0, "read": 0, "write": 0, "status": 0,
        "timeout": 0, "histogram": [[10_000, requests]]}))


def fake_rounds(monkeypatch, rounds: list[tuple[float, int]]) -> None:
    """Each wrk run in turn: (the busiest of two workers' share of the CPU, requests served)."""
    shares = [share for share, _ in rounds]
    results = [wrk_result(requests) for _, requests in rounds]

    class FakeShare(workers.CpuShare):  # the real lopsided rule, on shares given in turn
        def __init__(self, _master_pid: int) -> None:
            self.pids, self.share = [1, 2], None

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self.share = shares.pop(0)

    monkeypatch.setattr(runner, "CpuShare", FakeShare)
    monkeypatch.setattr(runner, "wrk", lambda *_args: results.pop(0))


def load(monkeypatch, rounds: list[tuple[float, int]], retries: int = 2) -> targets.Measure:
    fake_rounds(monkeypatch, rounds)
    measure = targets.Measure()
    runner.load_round(measure, 1, 8000, PAGE, "", 5, argparse.Namespace(concurrency=8, lopsided_retries=retries),
                      None)
    return measure


def test_a_round_where_one_worker_took_it_all_is_run_again_and_only_the_even_one_counts(monkeypatch):
    measure = load(monkeypatch, [(1.0, 300), (0.52, 600)])
    assert measure.requests == 600
    assert measure.busiest_worker == [0.52]
    assert measure.rounds_run_again == 1


def test_an_even_round_is_run_once(monkeypatch):
    measure = load(monkeypatch, [(0.55, 600), (0.5, 999)])
    assert measure.requests == 600
    assert measure.rounds_run_again == 0


def test_after_the_retries_the_last_round_counts_whatever_its_share(monkeypatch):
    measure = load(monkeypatch, [(1.0, 300), (0.97, 310), (0.95, 320)], retries=2)
    assert measure.requests == 320
    assert measure.busiest_worker == [0.95]
    assert measure.rounds_run_again == 2
