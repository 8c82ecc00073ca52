"""What a measured page is (rounds merged exactly from their latency histograms), issue 15's targets, and the table.

Pure: no network, no processes; tests/bench checks it.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

P95_MS = 150.0  # every page, 8 concurrent clients
FAST_P95_MS = 50.0  # carbon, reciprocity, indicators
EVERY_PAGE_H = 0.05
HOME_QUEUE_H = 0.1
PRESIGN_H = 0.25
DEEP_FACTOR = 1.5  # deep page p50 within 1.5 × page 1
UPLOAD_RSS_MB = 64.0
UPLOAD_THROUGHPUT = 0.8  # × a direct boto3 upload


@dataclass
class Measure:
    """Requests of one page over every round: counts and the latency histogram (microseconds → requests)."""

    requests: int = 0
    seconds: float = 0.0
    errors: int = 0
    histogram: Counter = field(default_factory=Counter)
    sql: int | None = None
    note: str = ""
    busiest_worker: list[float] = field(default_factory=list)  # per round: the busiest worker's share of the CPU
    rounds_run_again: int = 0  # rounds where one worker took nearly all the CPU (bench/workers.py lopsided)

    def add_wrk(self, result: dict) -> None:
        """One wrk round as written by bench/report.lua."""
        self.requests += int(result["requests"])
        self.seconds += int(result["duration_us"]) / 1e6
        self.errors += sum(int(result[key]) for key in ("connect", "read", "write", "status", "timeout"))
        for value, count in result["histogram"]:
            self.histogram[int(value)] += int(count)

    def add_sample(self, latency_s: float, ok: bool) -> None:
        """One request timed by the runner itself (pages too slow to load with 8 clients)."""
        self.requests += 1
        self.seconds += latency_s
        self.errors += 0 if ok else 1
        self.histogram[round(latency_s * 1e6)] += 1

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile_ms(self, p: float) -> float | None:
        """Nearest-rank percentile of the recorded latencies, in milliseconds."""
        total = sum(self.histogram.values())
        if not total:
            return None
        rank = max(1, -(-p * total // 100))
        seen = 0
        for value in sorted(self.histogram):
            seen += self.histogram[value]
            if seen >= rank:
                return value / 1000
        return max(self.histogram) / 1000


def parse_wrk_result(text: str) -> dict:
    result = json.loads(text)
    missing = {"requests", "duration_us", "histogram"} - set(result)
    if missing:
        raise ValueError(f"wrk result without {sorted(missing)}")
    return result


@dataclass(frozen=True)
class Check:
    description: str
    met: bool


def page_checks(kind: str, measure: Measure, hello_rate: float, page_one: Measure | None = None) -> list[Check]:
    """Issue 15's targets for a page of that kind: page, home/queue, fast (carbon…), presign, deep; a reference
    (the floor of the stack: a bare Flask app, the portal's health check) has none."""
    if kind == "reference":
        return []
    p95 = measure.percentile_ms(95)
    ratio = measure.rate / hello_rate if hello_rate else 0.0
    limit = FAST_P95_MS if kind == "fast" else P95_MS
    needed_h = {"home": HOME_QUEUE_H, "presign": PRESIGN_H}.get(kind, EVERY_PAGE_H)
    checks = [Check(f"p95<{limit:g}ms", p95 is not None and p95 < limit and measure.errors == 0),
              Check(f">={needed_h:g}H", ratio >= needed_h and measure.errors == 0)]
    if kind == "deep" and page_one is not None:
        deep, first = measure.percentile_ms(50), page_one.percentile_ms(50)
        checks.append(Check(f"p50<={DEEP_FACTOR:g}x page 1",
                            deep is not None and first is not None and deep <= DEEP_FACTOR * first))
    return checks


def upload_checks(rss_growth_mb: float | None, throughput_ratio: float | None) -> list[Check]:
    return [Check(f"RSS+<={UPLOAD_RSS_MB:g}MB", rss_growth_mb is not None and rss_growth_mb <= UPLOAD_RSS_MB),
            Check(f">={UPLOAD_THROUGHPUT:g}x boto3", throughput_ratio is not None
                  and throughput_ratio >= UPLOAD_THROUGHPUT)]


def _ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


HEADER = f"{'page':<34}{'req/s':>9}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'errors':>8}{'SQL':>6}{'×H':>8}  targets"


def row(label: str, measure: Measure, hello_rate: float, checks: list[Check]) -> str:
    ratio = measure.rate / hello_rate if hello_rate else 0.0
    sql = "—" if measure.sql is None else str(measure.sql)
    marks = ", ".join(f"{check.description} {'ok' if check.met else 'MISSED'}" for check in checks)
    line = (f"{label:<34}{measure.rate:>9.1f}{_ms(measure.percentile_ms(50)):>10}{_ms(measure.percentile_ms(95)):>10}"
            f"{_ms(measure.percentile_ms(99)):>10}{measure.errors:>8}{sql:>6}{ratio:>8.3f}  {marks}")
    return line + (f"  ({measure.note})" if measure.note else "")


def summary_line(checks: list[Check]) -> str:
    return f"targets met: {sum(check.met for check in checks)}/{len(checks)}"
