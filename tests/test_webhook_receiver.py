"""The webhook receiver: bounded body, constant-time signature check, typed alerts, acks.

ASGI-level tests drive the app with scripted ``receive`` messages (to see exactly
how much of a body it reads); the server tests run it under a real uvicorn server
on 127.0.0.1 and post to it with httpx.
"""

from __future__ import annotations

import json
import logging
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from ncm_async import ConfigurationError, Secret
from ncm_async.models import Alert
from ncm_async.testing.server import running
from ncm_async.webhooks import WebhookReceiver, parse_alerts, sign

SECRET = "push-secret-1"
ALERT = {
    "type": "connection_state",
    "router": "https://www.cradlepointecm.com/api/v2/routers/1234/",
    "created_at": "2024-05-01T10:00:00+00:00",
    "created_at_timeuuid": "1e2d3c4b-0000-11ef-8000-000000000001",
    "info": {"state": "offline"},
    "brand_new_field": {"kept": True},
}


class Collect:
    def __init__(self, fail_on: int | None = None) -> None:
        self.alerts: list[Alert] = []
        self.fail_on = fail_on

    async def __call__(self, alert: Alert) -> None:
        if self.fail_on is not None and len(self.alerts) == self.fail_on:
            raise RuntimeError("handler broke")
        self.alerts.append(alert)


def signed(body: bytes, secret: str = SECRET) -> list[tuple[bytes, bytes]]:
    return [
        (b"x-cp-signature", sign(body, secret).encode()),
        (b"content-type", b"application/json"),
    ]


async def call(
    app: WebhookReceiver,
    chunks: list[bytes],
    headers: list[tuple[bytes, bytes]],
    method: str = "POST",
) -> tuple[int, dict[str, Any] | None, int]:
    """Drive the app; returns (status, JSON body or None, chunks read)."""
    script = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]
    read = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal read
        read += 1
        return script[read - 1]

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": "/", "headers": headers}
    await app(scope, receive, send)
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    body = sent[1]["body"]
    return sent[0]["status"], json.loads(body) if body else None, read


pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    "payload",
    [ALERT, [ALERT, {**ALERT, "type": "ip_change"}], {"data": [ALERT, ALERT]}],
    ids=["object", "list", "envelope"],
)
async def test_every_accepted_shape_reaches_on_alert_typed(payload: Any) -> None:
    handler = Collect()
    app = WebhookReceiver(secret=SECRET, on_alert=handler)
    body = json.dumps(payload).encode()
    status, answer, _ = await call(app, [body], signed(body))
    assert (status, answer) == (204, None)
    expected = payload["data"] if isinstance(payload, dict) and "data" in payload else payload
    expected = expected if isinstance(expected, list) else [expected]
    assert [a.type for a in handler.alerts] == [e["type"] for e in expected]
    first = handler.alerts[0]
    assert isinstance(first, Alert)
    assert first.router_id == "1234"
    assert first.created_at is not None
    assert first.created_at.year == 2024
    assert first.extra == {"brand_new_field": {"kept": True}}


@pytest.mark.parametrize(
    ("headers", "why"),
    [
        ([], "missing"),
        ([(b"x-cp-signature", b"")], "empty"),
        ([(b"x-cp-signature", b"00" * 32)], "wrong"),
        ([(b"X-CP-Signature", sign(b"other", SECRET).encode())], "other body"),
        ([(b"x-cp-signature", sign(json.dumps(ALERT).encode(), "other").encode())], "other key"),
        ([(b"x-cp-signature", "\u00e9".encode())], "not hex"),
    ],
)
async def test_a_missing_or_wrong_signature_is_403_and_on_alert_never_runs(
    headers: list[tuple[bytes, bytes]], why: str
) -> None:
    handler = Collect()
    app = WebhookReceiver(secret=SECRET, on_alert=handler)
    status, answer, _ = await call(app, [json.dumps(ALERT).encode()], headers)
    assert status == 403, why
    assert answer == {"detail": "missing or wrong X-CP-Signature"}
    assert handler.alerts == []


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b"{not json", "the body is not JSON"),
        (b"", "the body is not JSON"),
        (b'"text"', "expected an alert object, a list or {'data': [...]}, got str"),
        (b"42", "got int"),
        (b"[1, 2]", "alert 0 is not a non-empty JSON object"),
        (b'{"data": [{}]}', "alert 0 is not a non-empty JSON object"),
        (b"[{}]", "alert 0 is not a non-empty JSON object"),
    ],
)
async def test_bad_json_or_shape_is_400_after_the_signature_check(body: bytes, detail: str) -> None:
    handler = Collect()
    app = WebhookReceiver(secret=SECRET, on_alert=handler)
    status, answer, _ = await call(app, [body], signed(body))
    assert status == 400
    assert answer is not None
    assert detail in answer["detail"]
    assert handler.alerts == []
    status, _, _ = await call(app, [body], [])
    assert status == 403


async def test_a_body_over_the_limit_is_413_without_reading_the_rest() -> None:
    handler = Collect()
    app = WebhookReceiver(secret=SECRET, on_alert=handler, max_body_bytes=100)
    chunks = [b"x" * 60] * 10
    status, answer, read = await call(app, chunks, [])
    assert (status, read) == (413, 2)
    assert answer == {"detail": "the body is over 100 bytes"}
    declared = [(b"content-length", b"600"), *signed(b"x")]
    status, _, read = await call(app, chunks, declared)
    assert (status, read) == (413, 0)
    exact = json.dumps(ALERT).encode()
    app = WebhookReceiver(secret=SECRET, on_alert=handler, max_body_bytes=len(exact))
    status, _, _ = await call(app, [exact[:10], exact[10:]], signed(exact))
    assert status == 204


async def test_the_ack_waits_for_on_alert_and_a_failure_is_500_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    handler = Collect(fail_on=1)
    app = WebhookReceiver(secret=SECRET, on_alert=handler)
    body = json.dumps([ALERT, ALERT, ALERT]).encode()
    with caplog.at_level(logging.ERROR, logger="ncm_async.webhooks"):
        status, answer, _ = await call(app, [body], signed(body))
    assert (status, answer) == (500, {"detail": "the alert handler failed"})
    assert len(handler.alerts) == 1
    assert "handler broke" in caplog.text
    assert SECRET not in caplog.text


async def test_other_methods_are_405_and_lifespan_is_answered() -> None:
    app = WebhookReceiver(secret=SECRET, on_alert=Collect())
    status, _, read = await call(app, [b""], [], method="GET")
    assert (status, read) == (405, 0)
    events = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return next(events)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app({"type": "lifespan"}, receive, send)
    assert [m["type"] for m in sent] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.complete",
    ]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"secret": ""}, "non-empty shared secret"),
        ({"secret": b""}, "non-empty shared secret"),
        ({"on_alert": "print"}, "on_alert must be a coroutine function"),
        ({"max_body_bytes": 0}, "max_body_bytes must be positive"),
        ({"max_body_bytes": 1.5}, "max_body_bytes must be a whole number"),
    ],
)
def test_bad_receiver_configuration(kwargs: dict[str, Any], match: str) -> None:
    kwargs = {"secret": SECRET, "on_alert": Collect(), **kwargs}
    with pytest.raises(ConfigurationError, match=match):
        WebhookReceiver(**kwargs)


def test_secret_forms_and_repr() -> None:
    body = json.dumps(ALERT).encode()
    for secret in (SECRET, SECRET.encode(), Secret(SECRET)):
        app = WebhookReceiver(secret=secret, on_alert=Collect())
        assert SECRET not in repr(app)
    assert len(parse_alerts(body)) == 1


@pytest.mark.asyncio
@pytest.mark.server
async def test_under_a_real_uvicorn_server() -> None:
    handler = Collect()
    app = WebhookReceiver(secret=SECRET, on_alert=handler, max_body_bytes=4096)
    body = json.dumps({"data": [ALERT, {**ALERT, "type": "ip_change"}]}).encode()
    async with running(SimpleNamespace(app=app), port=0) as server:  # type: ignore[arg-type]
        url = f"http://127.0.0.1:{server.port}/ncm/alerts"
        async with httpx.AsyncClient() as http:
            ok = await http.post(url, content=body, headers={"X-CP-Signature": sign(body, SECRET)})
            forged = await http.post(url, content=body, headers={"X-CP-Signature": "0" * 64})
            unsigned = await http.post(url, content=body)
            huge = await http.post(url, content=b"x" * 10_000, headers={"X-CP-Signature": "0"})
            bad = b"{oops"
            broken = await http.post(
                url, content=bad, headers={"X-CP-Signature": sign(bad, SECRET)}
            )
            get = await http.get(url)
    assert [r.status_code for r in (ok, forged, unsigned, huge, broken, get)] == [
        204,
        403,
        403,
        413,
        400,
        405,
    ]
    assert [a.type for a in handler.alerts] == ["connection_state", "ip_change"]
