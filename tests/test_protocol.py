"""Pure protocol rules: status -> error, error bodies, throttling, Retry-After, origins."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ncm_async import errors
from ncm_async._protocol import (
    error_class,
    error_message,
    is_throttle,
    parse_body,
    parse_retry_after,
    same_origin,
)

NOW = datetime(2026, 11, 27, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("0", 0.0),
        ("7", 7.0),
        ("1.5", 1.5),
        ("-3", 0.0),
        ("nan", None),
        ("inf", None),
        ("Fri, 27 Nov 2026 12:00:30 GMT", 30.0),
        ("Fri, 27 Nov 2026 11:59:00 GMT", 0.0),
        ("Friday, 27-Nov-26 12:01:00 GMT", 60.0),
        ("not a date", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == expected


@pytest.mark.parametrize(
    ("status", "body", "api", "cls"),
    [
        (400, None, "v2", errors.BadRequestError),
        (401, None, "v2", errors.AuthenticationError),
        (403, None, "v2", errors.PermissionDeniedError),
        (404, None, "v2", errors.NotFoundError),
        (405, None, "v2", errors.APIStatusError),
        (408, None, "v2", errors.APIStatusError),
        (409, {"exception": {"type": "error"}}, "v2", errors.ConflictError),
        (409, {"message": "Conflict with internal rules."}, "v3", errors.RateLimitError),
        (409, None, "v3", errors.RateLimitError),
        (409, {"errors": [{"title": "Conflict"}]}, "v3", errors.ConflictError),
        (429, None, "v2", errors.RateLimitError),
        (429, None, "v3", errors.RateLimitError),
        (500, None, "v2", errors.ServerError),
        (502, "<html>Bad gateway</html>", "v2", errors.ServerError),
        (503, None, "v3", errors.ServerError),
        (504, None, "v2", errors.ServerError),
        (301, None, "v2", errors.APIStatusError),
    ],
)
def test_error_class(status: int, body: object, api: str, cls: type[Exception]) -> None:
    assert error_class(status, body, api=api) is cls


def test_v2_409_is_never_throttling() -> None:
    assert not is_throttle(409, None, api="v2")
    assert is_throttle(429, {"errors": []}, api="v2")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", None),
        (b"   ", None),
        (b'{"a": 1}', {"a": 1}),
        (
            b"<html><body>502 Bad Gateway</body></html>",
            "<html><body>502 Bad Gateway</body></html>",
        ),
        (b"\xff\xfe not utf8", "\ufffd\ufffd not utf8"),
    ],
)
def test_parse_body_never_crashes(content: bytes, expected: object) -> None:
    assert parse_body(content) == expected


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (
            401,
            {
                "status_code": 401,
                "exception": "unauthorized",
                "message": " Invalid Credentials i.e. missing or invalid keys.",
                "success": False,
            },
            "HTTP 401: unauthorized; Invalid Credentials i.e. missing or invalid keys.",
        ),
        (
            403,
            {"exception": {"message": "forbidden", "type": "error"}, "errors": []},
            "HTTP 403: error forbidden",
        ),
        (
            400,
            {
                "exception": {"type": "validation", "message": "bad or missing data"},
                "errors": [{"foo": "no such field"}],
            },
            "HTTP 400: validation bad or missing data; foo: no such field",
        ),
        (
            405,
            {
                "errors": [
                    {"path": "https://www.cradlepointecm.com/api/v2/groups/"},
                    {"method": "POST"},
                ],
                "exception": {"message": "method not allowed", "type": "error"},
            },
            "HTTP 405: error method not allowed; path: https://www.cradlepointecm.com/api/v2/groups/; method: POST",  # noqa: E501
        ),
        (
            409,
            {"errors": [{"status": "409", "title": "Conflict", "detail": "name taken"}]},
            "HTTP 409: name taken",
        ),
        (
            502,
            "<html>\n <body>Bad   Gateway</body></html>",
            "HTTP 502: <html> <body>Bad Gateway</body></html>",
        ),
        (503, None, "HTTP 503"),
        (500, [1, 2], "HTTP 500"),
    ],
)
def test_error_message_for_every_documented_shape(status: int, body: object, expected: str) -> None:
    assert error_message(status, body) == expected


@pytest.mark.parametrize(
    ("url", "base", "same"),
    [
        (
            "https://www.cradlepointecm.com/api/v2/routers/?offset=500",
            "https://www.cradlepointecm.com/api/v2/",
            True,
        ),
        (
            "https://WWW.cradlepointecm.com:443/api/v2/x/",
            "https://www.cradlepointecm.com/api/v2/",
            True,
        ),
        (
            "http://www.cradlepointecm.com/api/v2/x/",
            "https://www.cradlepointecm.com/api/v2/",
            False,
        ),
        ("https://evil.example/api/v2/x/", "https://www.cradlepointecm.com/api/v2/", False),
        (
            "https://www.cradlepointecm.com:8443/api/v2/x/",
            "https://www.cradlepointecm.com/api/v2/",
            False,
        ),
        ("http://127.0.0.1:8484/api/v2/x/", "http://127.0.0.1:8484/api/v2/", True),
    ],
)
def test_same_origin(url: str, base: str, same: bool) -> None:
    assert same_origin(url, base) is same


def test_origin_prefixes_match_only_urls_on_the_origins() -> None:
    from ncm_async._protocol import origin, origin_prefixes

    prefixes = origin_prefixes(
        {origin("https://www.cradlepointecm.com/api/v2/"), origin("http://127.0.0.1:8484/api/v2/")}
    )
    assert prefixes == (
        "http://127.0.0.1:8484/",
        "https://www.cradlepointecm.com:443/",
        "https://www.cradlepointecm.com/",
    )
    for url in (
        "https://www.cradlepointecm.com/api/v2/routers/",
        "https://www.cradlepointecm.com:443/api/v2/routers/",
        "http://127.0.0.1:8484/api/v2/routers/?id=1",
    ):
        assert url.startswith(prefixes)
    for url in (
        "https://www.cradlepointecm.com.evil.example/api/v2/",
        "https://www.cradlepointecm.com@evil.example/api/v2/",
        "https://www.cradlepointecm.com:444/api/v2/",
        "http://www.cradlepointecm.com/api/v2/",
        "http://127.0.0.1:84845/api/v2/",
        "http://127.0.0.1/api/v2/",
    ):
        assert not url.startswith(prefixes)
