"""The budget algorithm as pure functions: exact waits and rates, no I/O, no clock."""

from __future__ import annotations

import math

import pytest

from ncm_async._config import RateLimit
from ncm_async.ratelimit._budget import Budget, fresh, give_back, rate_at, take, throttle

R480 = RateLimit(requests_per_minute=480, burst=4)
"""8 requests/second: every interval below is a binary fraction, so times are exact."""


def take_at(
    state: Budget, times: list[float], limit: RateLimit = R480, busy: bool = False
) -> tuple[Budget, list[float]]:
    waits = []
    for now in times:
        state, wait, _ = take(state, now, limit, busy)
        waits.append(wait)
    return state, waits


def test_requests_one_at_a_time_get_the_burst_a_busy_client_is_paced() -> None:
    _, waits = take_at(fresh(0.0, R480), [0.0] * 5)
    assert waits == [0.0, 0.0, 0.0, 0.0, 0.125]
    state, waits = take_at(fresh(0.0, R480), [0.0])
    state, waits = take_at(state, [0.0, 0.0625], busy=True)
    assert waits == [0.125, 0.0625]
    _, waits = take_at(state, [0.125, 0.125, 0.25], busy=True)
    assert waits == [0.0, 0.125, 0.0]


def test_the_bucket_fills_up_to_burst_while_idle() -> None:
    state, _ = take_at(fresh(0.0, R480), [0.0] * 4)
    _, waits = take_at(state, [100.0] * 5)
    assert waits == [0.0, 0.0, 0.0, 0.0, 0.125]


def test_a_late_take_while_busy_makes_up_half_a_token_and_forgives_the_rest() -> None:
    state, _ = take_at(fresh(0.0, R480), [0.0])
    state, waits = take_at(state, [0.0, 0.125], busy=True)
    assert waits == [0.125, 0.0]
    state, waits = take_at(state, [0.3125, 0.3125], busy=True)  # a token and a half since
    assert waits == [0.0, 0.0625]
    _, waits = take_at(state, [10.0, 10.0], busy=True)  # long late: half a token at most
    assert waits == [0.0, 0.0625]


def test_a_throttle_empties_the_bucket_until_its_cooldown_ends() -> None:
    state, _ = take_at(fresh(0.0, R480), [0.0])
    state = throttle(state, 1.0, 2.0, R480)
    assert (state.cooldown_until, state.tokens, state.stamp) == (3.0, 0.0, 2.875)
    assert take(state, 1.5, R480)[1] == 1.5
    state = give_back(state, 1.5, R480)  # nothing to give back during a cooldown
    _, waits = take_at(state, [3.0, 3.0])
    assert waits == [0.0, 0.125]


def test_an_isolated_throttle_costs_its_cooldown_and_leaves_the_rate() -> None:
    state, _ = take_at(fresh(0.0, R480), [i / 8 for i in range(80)])
    state = throttle(state, 10.0, 1.0, R480)
    assert state.peak == 0.0
    assert rate_at(state, 11.0, R480) == 8.0
    _, waits = take_at(state, [11.0, 11.0, 11.125])
    assert waits == [0.0, 0.125, 0.0]


def test_answers_of_one_burst_count_as_one_throttle() -> None:
    state = throttle(fresh(0.0, R480), 1.0, 1.0, R480)
    again = throttle(state, 1.5, 3.0, R480)
    assert again.last_throttle == 1.0
    assert again.cooldown_until == 4.5
    assert again.peak == 0.0


def test_the_send_rate_is_measured_over_half_seconds() -> None:
    state, _ = take_at(fresh(0.0, R480), [i / 8 for i in range(81)])
    assert state.sent_rate == pytest.approx(8.0, rel=1e-12)
    slow, _ = take_at(fresh(0.0, R480), [i / 2 for i in range(41)])
    assert slow.sent_rate == pytest.approx(2.0, rel=1e-12)


def test_a_repeated_throttle_drops_to_beta_times_the_rate_sent_then_climbs_back() -> None:
    limit = RateLimit(requests_per_minute=1200, burst=4)
    state = Budget(tokens=0.0, stamp=10.0, last_throttle=5.0, sent_rate=8.0)
    state = throttle(state, 10.0, 1.0, limit)
    assert (state.peak, state.climb_from, state.last_throttle) == (8.0, 11.0, 10.0)
    k = math.pow(8.0 * 0.3 / 0.4, 1 / 3)
    assert rate_at(state, 10.5, limit) == pytest.approx(5.6, rel=1e-12)
    assert rate_at(state, 11.0, limit) == pytest.approx(5.6, rel=1e-12)
    assert rate_at(state, 11.0 + k, limit) == pytest.approx(8.0, rel=1e-12)
    assert rate_at(state, 12.0 + k, limit) == pytest.approx(8.4, rel=1e-12)
    assert rate_at(state, 11.0 + k + 10, limit) == 20.0
    state, waits = take_at(state, [11.0, 11.0], limit, busy=True)
    assert waits[0] == 0.0
    assert waits[1] == pytest.approx(1 / 5.6, rel=1e-12)


def test_the_rate_actually_sent_bounds_the_peak_from_above_too() -> None:
    state = Budget(tokens=0.0, stamp=10.0, last_throttle=5.0, sent_rate=30.0)
    state = throttle(state, 10.0, 1.0, R480)
    assert state.peak == 8.0
    assert rate_at(state, 11.0, R480) == pytest.approx(5.6, rel=1e-12)


def test_the_rate_never_falls_below_the_floor() -> None:
    limit = RateLimit(requests_per_minute=480, min_requests_per_minute=60)
    state = Budget(tokens=0.0, stamp=0.0, last_throttle=-1.0, sent_rate=0.5)
    state = throttle(state, 0.0, 1.0, limit)
    assert state.peak == 1.0
    assert rate_at(state, 1.0, limit) == 1.0


def test_without_adaptive_the_rate_never_changes() -> None:
    limit = RateLimit(requests_per_minute=480, adaptive=False)
    state = fresh(0.0, R480)
    for now in (1.0, 3.0, 5.0):
        state = throttle(state, now, 1.0, limit)
    assert state.peak == 0.0
    assert rate_at(state, 6.0, limit) == 8.0


def test_throttles_further_apart_than_isolated_after_are_each_isolated() -> None:
    limit = RateLimit(requests_per_minute=480, isolated_after=30)
    state = fresh(0.0, R480)
    for now in (0.0, 31.0, 62.0):
        state = throttle(state, now, 1.0, limit)
        assert rate_at(state, now + 1, limit) == 8.0
    state = throttle(state, 90.0, 1.0, limit)
    assert rate_at(state, 91.0, limit) == pytest.approx(5.6, rel=1e-12)
