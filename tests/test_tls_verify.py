"""``verify=``: a private CA bundle or an ``ssl.SSLContext``, never off (issue 10).

A real TLS server on 127.0.0.1 with a certificate from a CA made by ``trustme`` in
the test: trusted through ``verify=``, refused by the default system trust.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
import anyio.abc
import httpx
import pytest
import trustme
from anyio.streams.tls import TLSListener

from ncm_async import APIConnectionError, AsyncNcmClient, ConfigurationError, RetryPolicy, V2Keys

pytestmark = pytest.mark.anyio

KEYS = V2Keys("a", "b", "c", "d")
BODY = b'{"data": [{"id": "7", "name": "r7"}], "meta": {"next": null}}'


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@asynccontextmanager
async def tls_server(ca: trustme.CA) -> AsyncIterator[str]:
    """An HTTPS server answering every request with one page of routers."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)

    async def answer(stream: anyio.abc.ByteStream) -> None:
        async with stream:
            request = b""
            try:
                while b"\r\n\r\n" not in request:
                    request += await stream.receive()
            except (anyio.EndOfStream, anyio.BrokenResourceError, ssl.SSLError):
                return
            head = (
                f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(BODY)}\r\nConnection: close\r\n\r\n"
            )
            await stream.send(head.encode() + BODY)

    tcp = await anyio.create_tcp_listener(local_host="127.0.0.1")
    port = tcp.extra(anyio.abc.SocketAttribute.local_port)
    listener = TLSListener(tcp, context, standard_compatible=False)
    async with listener, anyio.create_task_group() as tg:
        tg.start_soon(listener.serve, answer)
        yield f"https://127.0.0.1:{port}/api/v2/"
        tg.cancel_scope.cancel()


async def names(ncm: AsyncNcmClient) -> list[str | None]:
    async with ncm:
        return [r.name for r in await ncm.v2.routers.list().collect()]


async def test_a_private_ca_bundle_path(ca: trustme.CA, tmp_path: Path) -> None:
    bundle = tmp_path / "private-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    async with tls_server(ca) as base:
        assert await names(AsyncNcmClient(v2_keys=KEYS, base_url_v2=base, verify=bundle)) == ["r7"]
        assert await names(AsyncNcmClient(v2_keys=KEYS, base_url_v2=base, verify=str(bundle))) == [
            "r7"
        ]


async def test_an_ssl_context(ca: trustme.CA) -> None:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    async with tls_server(ca) as base:
        assert await names(AsyncNcmClient(v2_keys=KEYS, base_url_v2=base, verify=context)) == ["r7"]


async def test_the_default_trust_refuses_the_private_ca(ca: trustme.CA) -> None:
    async with tls_server(ca) as base:
        ncm = AsyncNcmClient(v2_keys=KEYS, base_url_v2=base, retry=RetryPolicy(max_attempts=1))
        with pytest.raises(APIConnectionError, match="no response") as info:
            await names(ncm)
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert "CERTIFICATE_VERIFY_FAILED" in str(info.value)


def _no_verify_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def _no_hostname_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    return context


@pytest.mark.parametrize(
    ("verify", "match"),
    [
        (False, "verify=False is refused: TLS verification stays on"),
        (0, "verify must be True, a CA bundle path or an ssl.SSLContext"),
        ("off", "verify= CA bundle not found: off"),
        ("/nonexistent/ca.pem", "verify= CA bundle not found"),
        (_no_verify_context(), "does not verify certificates and host names"),
        (_no_hostname_context(), "does not verify certificates and host names"),
    ],
)
def test_verification_is_never_switched_off(verify: object, match: str) -> None:
    with pytest.raises(ConfigurationError, match=match):
        AsyncNcmClient(v2_keys=KEYS, verify=verify)  # type: ignore[arg-type]


def test_a_bundle_that_is_not_a_certificate(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    with pytest.raises(ConfigurationError, match="verify= CA bundle cannot be loaded"):
        AsyncNcmClient(v2_keys=KEYS, verify=junk)


def test_verify_belongs_on_a_users_own_http_client(tmp_path: Path, ca: trustme.CA) -> None:
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    with pytest.raises(ConfigurationError, match="set it on your http_client instead"):
        AsyncNcmClient(v2_keys=KEYS, verify=bundle, http_client=httpx.AsyncClient())
