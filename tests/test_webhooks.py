"""Webhook signatures: the docs' HMAC-SHA256, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import pytest

from ncm_async import Secret, _signature, webhooks

BODY = b'{"type": "connection_state", "router": 1234, "info": {"state": "offline"}}'
SECRET = "s3cr3t-shared"


def docs_sample(body: bytes, secret: str) -> str:
    """The docs' Python sample: hmac.new(secret, body, "sha256").hexdigest()."""
    return hmac.new(secret.encode("utf-8"), body, "sha256").hexdigest()


def test_sign_matches_the_docs_sample() -> None:
    assert webhooks.sign(BODY, SECRET) == docs_sample(BODY, SECRET)
    assert webhooks.sign(BODY, SECRET) != hashlib.sha256(SECRET.encode() + BODY).hexdigest()


@pytest.mark.parametrize(
    ("signature", "ok"),
    [
        (docs_sample(BODY, SECRET), True),
        (docs_sample(BODY, SECRET).upper(), True),
        (f" {docs_sample(BODY, SECRET)}\n", True),
        (docs_sample(BODY + b" ", SECRET), False),
        (docs_sample(BODY, "other"), False),
        ("", False),
        (None, False),
        ("zz-not-hex-é", False),
    ],
)
def test_verify_signature(signature: str | None, ok: bool) -> None:
    assert webhooks.verify_signature(BODY, signature, SECRET) is ok


def test_empty_secret_never_verifies() -> None:
    assert not webhooks.verify_signature(BODY, docs_sample(BODY, ""), "")


def test_verify_request_finds_the_header_in_any_case() -> None:
    sig = docs_sample(BODY, SECRET)
    assert webhooks.verify_request(BODY, {"x-cp-signature": sig}, SECRET)
    assert webhooks.verify_request(BODY, {"X-CP-Signature": sig}, SECRET)
    assert not webhooks.verify_request(BODY, {"content-type": "application/json"}, SECRET)


def test_comparison_is_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(_signature.hmac, "compare_digest", spy)
    assert webhooks.verify_signature(BODY, docs_sample(BODY, SECRET), SECRET)
    assert len(calls) == 1


@pytest.mark.parametrize("body", [BODY, BODY.decode()])
@pytest.mark.parametrize("secret", [SECRET, SECRET.encode(), Secret(SECRET)])
@pytest.mark.parametrize("as_bytes", [False, True])
def test_str_or_bytes_everywhere(body: bytes | str, secret: Any, as_bytes: bool) -> None:
    sig = docs_sample(BODY, SECRET)
    signature: str | bytes = sig.encode() if as_bytes else sig
    assert webhooks.verify_signature(body, signature, secret)
    assert not webhooks.verify_signature(body, signature[:-1], secret)
    name: str | bytes = b"X-CP-Signature" if as_bytes else "x-cp-signature"
    assert webhooks.verify_request(body, {name: signature}, secret)
    asgi_headers = [(b"content-type", b"application/json"), (b"x-cp-signature", sig.encode())]
    assert webhooks.verify_request(body, asgi_headers, secret)
    assert not webhooks.verify_request(body, asgi_headers[:1], secret)


@pytest.mark.parametrize("secret", [None, "", b"", Secret("")])
def test_a_missing_secret_never_verifies(secret: Any) -> None:
    assert not webhooks.verify_signature(BODY, docs_sample(BODY, ""), secret)
