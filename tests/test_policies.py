"""Policy objects and client options check types and ranges before any I/O (issue 10, class 7)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ncm_async import AsyncNcmClient, ConfigurationError, RateLimit, RetryPolicy, V2Keys

KEYS = V2Keys("id1", "key1", "id2", "key2")
NAN = float("nan")
INF = float("inf")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"burst": 0.5}, "burst must be a whole number, got 0.5"),
        ({"burst": 0}, "burst must be positive, got 0"),
        ({"burst": -3}, "burst must be positive, got -3"),
        ({"burst": "10"}, "burst must be a number, got str '10'"),
        ({"max_concurrency": 2.5}, "max_concurrency must be a whole number"),
        ({"max_concurrency": True}, "max_concurrency must be a number, got bool"),
        ({"requests_per_minute": 0}, "requests_per_minute must be positive, got 0"),
        ({"requests_per_minute": NAN}, "requests_per_minute must be a finite number"),
        ({"requests_per_minute": INF}, "requests_per_minute must be a finite number"),
        ({"requests_per_minute": None}, "requests_per_minute must be a number, got NoneType"),
        ({"decrease_factor": NAN}, "decrease_factor must be a finite number"),
        ({"decrease_factor": 0}, "decrease_factor must be between 0 and 1"),
        ({"decrease_factor": "0.5"}, "decrease_factor must be a number"),
        ({"isolated_after": -1}, "isolated_after must be zero or more"),
        ({"isolated_after": NAN}, "isolated_after must be a finite number"),
        ({"cubic_scale": 0}, "cubic_scale must be positive"),
        ({"cubic_scale": INF}, "cubic_scale must be a finite number"),
        ({"min_requests_per_minute": 0}, "min_requests_per_minute must be positive"),
        ({"adaptive": "yes"}, "adaptive must be True or False, got 'yes'"),
        ({"adaptive": 1}, "adaptive must be True or False, got 1"),
    ],
)
def test_rate_limit_refuses(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        RateLimit(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_attempts": 2.5}, "max_attempts must be a whole number, got 2.5"),
        ({"max_attempts": 0}, "max_attempts must be positive, got 0"),
        ({"max_attempts": -1}, "max_attempts must be positive"),
        ({"max_attempts": "3"}, "max_attempts must be a number, got str"),
        ({"max_total_seconds": 0}, "max_total_seconds must be positive"),
        ({"max_total_seconds": NAN}, "max_total_seconds must be a finite number"),
        ({"max_total_seconds": INF}, "max_total_seconds must be a finite number"),
        ({"backoff_initial": -0.5}, "backoff_initial must be positive"),
        ({"backoff_max": NAN}, "backoff_max must be a finite number"),
        ({"retry_after_max": 0}, "retry_after_max must be positive"),
        ({"jitter": "no"}, "jitter must be True or False"),
        ({"backoff_initial": 10, "backoff_max": 1}, "backoff_initial must not exceed backoff_max"),
    ],
)
def test_retry_policy_refuses(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        RetryPolicy(**kwargs)


def test_whole_floats_are_not_whole_numbers_but_defaults_and_ints_are_fine() -> None:
    assert RateLimit(burst=1, max_concurrency=1).burst == 1
    assert RetryPolicy(max_attempts=1, max_total_seconds=0.5).max_attempts == 1
    with pytest.raises(ConfigurationError, match=r"whole number, got 3\.0"):
        RetryPolicy(max_attempts=3.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rate_limit": 500}, r"rate_limit must be a RateLimit\(requests_per_minute=.*got int 500"),
        ({"rate_limit": {"requests_per_minute": 5}}, "rate_limit must be a RateLimit.*got dict"),
        ({"retry": {"max_attempts": 3}}, r"retry must be a RetryPolicy\(.*got dict"),
        ({"retry": 3}, "retry must be a RetryPolicy.*got int"),
        ({"http_client": httpx.Client()}, "http_client must be an httpx.AsyncClient.*got Client"),
        ({"transport": object()}, "transport must be an httpx.AsyncBaseTransport"),
        ({"timeout": NAN}, "timeout must be a positive number"),
        ({"timeout": INF}, "timeout must be a positive number"),
        ({"timeout": None}, "timeout must be a positive number"),
        ({"timeout": "30"}, "timeout must be a positive number"),
        ({"allow_insecure_http": "false"}, "allow_insecure_http must be True or False"),
    ],
)
def test_client_options_are_type_checked(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        AsyncNcmClient(v2_keys=KEYS, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"retry": {"max_attempts": 1}}, "retry must be a RetryPolicy"),
        ({"timeout": 0}, "timeout must be a positive number"),
        ({"timeout": NAN}, "timeout must be a positive number"),
    ],
)
def test_with_options_checks_its_arguments(kwargs: dict[str, Any], message: str) -> None:
    client = AsyncNcmClient(v2_keys=KEYS)
    with pytest.raises(ConfigurationError, match=message):
        client.with_options(**kwargs)
