"""The bench's arithmetic: rounds merged from histograms, percentiles, issue 15's targets, the last line."""
from __future__ import annotations

import json

import pytest

from bench import targets

pytestmark = pytest.mark.no_db


def wrk_round(histogram, requests=None, duration_us=1_000_000, **errors):
    result = {"requests": requests if requests is not None else sum(c for _, c in histogram),
              "duration_us": duration_us, "connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0,
              "histogram": histogram}
    result.update(errors)
    return json.dumps(result)


def measure(*rounds):
    result = targets.Measure()
    for text in rounds:
        result.add_wrk(targets.parse_wrk_result(text))
    return result


def test_rounds_merge_into_one_rate():
    merged = measure(wrk_round([[10_000, 100]]), wrk_round([[10_000, 300]], duration_us=3_000_000))
    assert merged.requests == 400
    assert merged.rate == pytest.approx(100.0)


def test_percentiles_come_from_the_merged_histogram():
    # 95 fast requests in one round, 5 slow ones in another: p95 is still fast, p99 is slow.
    merged = measure(wrk_round([[20_000, 95]]), wrk_round([[900_000, 5]]))
    assert merged.percentile_ms(50) == 20.0
    assert merged.percentile_ms(95) == 20.0
    assert merged.percentile_ms(99) == 900.0


def test_no_request_has_no_percentile():
    assert targets.Measure().percentile_ms(95) is None


def test_errors_of_every_kind_are_counted():
    merged = measure(wrk_round([[1000, 10]], status=2, timeout=1, connect=3))
    assert merged.errors == 6


def test_a_result_without_histogram_is_refused():
    with pytest.raises(ValueError):
        targets.parse_wrk_result(json.dumps({"requests": 1, "duration_us": 1}))


def test_slow_pages_are_measured_from_single_requests():
    slow = targets.Measure()
    slow.add_sample(4.0, ok=True)
    slow.add_sample(6.0, ok=False)
    assert slow.rate == pytest.approx(0.2)
    assert slow.errors == 1
    assert slow.percentile_ms(95) == 6000.0


def page(rate, p95_us, requests=100):
    result = targets.Measure()
    result.add_wrk(targets.parse_wrk_result(wrk_round([[p95_us, requests]], duration_us=round(requests / rate * 1e6))))
    return result


def test_a_page_fast_enough_and_within_its_share_of_h_meets_both_targets():
    checks = targets.page_checks("page", page(rate=60, p95_us=120_000), hello_rate=1000)
    assert [check.met for check in checks] == [True, True]


def test_a_page_under_the_share_of_h_misses_it():
    checks = targets.page_checks("page", page(rate=40, p95_us=120_000), hello_rate=1000)
    assert [check.met for check in checks] == [True, False]


def test_homes_and_queues_need_a_tenth_of_h():
    checks = targets.page_checks("home", page(rate=60, p95_us=100_000), hello_rate=1000)
    assert checks[1].description == ">=0.1H" and not checks[1].met


def test_carbon_reciprocity_and_indicators_need_p95_under_50_ms():
    checks = targets.page_checks("fast", page(rate=500, p95_us=60_000), hello_rate=1000)
    assert checks[0].description == "p95<50ms" and not checks[0].met


def test_presign_needs_a_quarter_of_h():
    assert not targets.page_checks("presign", page(rate=200, p95_us=10_000), hello_rate=1000)[1].met
    assert targets.page_checks("presign", page(rate=250, p95_us=10_000), hello_rate=1000)[1].met


def test_a_page_with_errors_meets_no_target():
    failing = page(rate=500, p95_us=10_000)
    failing.errors = 1
    assert not any(check.met for check in targets.page_checks("page", failing, hello_rate=1000))


def test_a_deep_page_is_compared_with_its_first_page():
    first = page(rate=100, p95_us=100_000)
    assert targets.page_checks("deep", page(rate=100, p95_us=150_000), 1000, first)[2].met
    assert not targets.page_checks("deep", page(rate=100, p95_us=151_000), 1000, first)[2].met


def test_upload_targets():
    assert [c.met for c in targets.upload_checks(64.0, 0.8)] == [True, True]
    assert [c.met for c in targets.upload_checks(141.0, 0.74)] == [False, False]
    assert [c.met for c in targets.upload_checks(None, None)] == [False, False]


def test_the_last_line_counts_the_targets_met():
    checks = [targets.Check("a", True), targets.Check("b", False), targets.Check("c", True)]
    assert targets.summary_line(checks) == "targets met: 2/3"


def test_a_row_shows_the_figures_and_each_target():
    line = targets.row("ministry queue", page(rate=50, p95_us=200_000), 1000,
                       [targets.Check("p95<150ms", False), targets.Check(">=0.1H", False)])
    assert line.startswith("ministry queue")
    assert "0.050" in line and "p95<150ms MISSED" in line and "200" in line


def test_a_reference_row_has_no_target():
    assert targets.page_checks("reference", page(rate=10, p95_us=900_000), hello_rate=1000) == []
