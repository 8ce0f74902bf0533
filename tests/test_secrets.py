"""No key or token in tracebacks rendered with locals, reprs or error texts (issue 10, class 5).

Each failing call is rendered the way Sentry or ``rich``'s ``show_locals`` would:
``traceback.TracebackException(capture_locals=True)`` over the whole chain, and
the text is searched for every secret.
"""

from __future__ import annotations

import traceback

import anyio
import httpx
import pytest

from ncm_async import (
    APIConnectionError,
    AsyncNcmClient,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    RetryPolicy,
    Secret,
    ServerError,
    V2Keys,
)
from ncm_async._env import read_env
from ncm_async.clock import FakeClock

pytestmark = pytest.mark.anyio

RAW = ("cpid-SECRETA1", "cpkey-SECRETA2", "ecmid-SECRETA3", "ecmkey-SECRETA4")
TOKEN = "token-SECRETA5"
MARKERS = ("SECRETA1", "SECRETA2", "SECRETA3", "SECRETA4", "SECRETA5")
ENV = {
    "X_CP_API_ID": RAW[0],
    "X_CP_API_KEY": RAW[1],
    "X_ECM_API_ID": RAW[2],
    "X_ECM_API_KEY": RAW[3],
    "NCM_API_TOKEN": TOKEN,
}


def rendered(exc: BaseException) -> str:
    """The traceback with locals from the first frame inside the SDK on (the test's own
    frame holds the raw values it passed in: that is the caller's business)."""
    assert exc.__traceback__ is not None
    inside = exc.__traceback__.tb_next
    text = "".join(
        traceback.TracebackException(type(exc), exc, inside, capture_locals=True).format()
    )
    assert "Traceback" in text
    return text


def assert_clean(text: str) -> None:
    leaked = [m for m in MARKERS if m in text]
    assert leaked == [], f"secrets {leaked} in:\n{text}"


def client(handler: httpx.MockTransport | None = None, **kwargs: object) -> AsyncNcmClient:
    return AsyncNcmClient.from_env(
        ENV, transport=handler, retry=RetryPolicy(max_attempts=3, jitter=False), **kwargs
    )


async def test_an_error_status_with_retries_renders_without_secrets() -> None:
    clock = FakeClock()
    answers = iter([httpx.Response(500), httpx.Response(401, json={"message": "bad key"})])
    transport = httpx.MockTransport(lambda request: next(answers))
    async with clock.autojump(), client(transport, clock=clock) as ncm:
        with pytest.raises(AuthenticationError) as info:
            await ncm.v2.routers.get(1)
    text = rendered(info.value)
    assert "retry_state" in text or "attempt" in text
    assert "Secret('<redacted>')" in text or "Credentials(" in text
    assert_clean(text)


async def test_retries_exhausted_on_server_errors_render_without_secrets() -> None:
    clock = FakeClock()
    transport = httpx.MockTransport(lambda request: httpx.Response(503))
    async with clock.autojump(), client(transport, clock=clock) as ncm:
        with pytest.raises(ServerError) as info:
            await ncm.v3.users.list().collect()
    assert_clean(rendered(info.value))


async def test_a_connection_dropped_after_the_headers_renders_without_secrets() -> None:
    """A real socket: httpcore and h11 frames (which hold the headers) are in the chain."""
    got: list[bytes] = []

    async def drop(stream: anyio.abc.SocketStream) -> None:
        async with stream:
            got.append(await stream.receive())

    listener = await anyio.create_tcp_listener(local_host="127.0.0.1")
    port = listener.extra(anyio.abc.SocketAttribute.local_port)
    async with listener, anyio.create_task_group() as tg:
        tg.start_soon(listener.serve, drop)
        base = f"http://127.0.0.1:{port}"
        ncm = AsyncNcmClient.from_env(
            ENV,
            base_url_v2=f"{base}/api/v2/",
            base_url_v3=f"{base}/api/v3/",
            retry=RetryPolicy(max_attempts=1),
        )
        async with ncm:
            with pytest.raises(APIConnectionError) as info:
                await ncm.v2.routers.get(1)
        tg.cancel_scope.cancel()
    assert any(RAW[1].encode() in chunk for chunk in got), "the keys did reach the server"
    assert isinstance(info.value.__cause__, httpx.HTTPError)
    assert_clean(rendered(info.value))


def test_v2keys_init_failing_on_the_last_key_shows_none_of_the_others() -> None:
    with pytest.raises(ConfigurationError) as info:
        V2Keys(RAW[0], RAW[1], RAW[2], "bad\r\nSECRETA4")
    text = rendered(info.value)
    assert "V2Keys.__init__" in text or "__init__" in text
    assert_clean(text)


@pytest.mark.parametrize("missing", ["X_ECM_API_KEY", "X_CP_API_ID"])
def test_from_env_with_incomplete_keys_shows_no_value(missing: str) -> None:
    env = {k: v for k, v in ENV.items() if k != missing}
    with pytest.raises(ConfigurationError, match=f"set {missing}") as info:
        AsyncNcmClient.from_env(env)
    text = rendered(info.value)
    assert "<environment: 4 variables, values <redacted>>" in text
    assert_clean(text)


@pytest.mark.parametrize(
    "bad", [{"base_url_v2": "ftp://x"}, {"timeout": -1}, {"rate_limit": 500}, {"verify": False}]
)
def test_a_constructor_failing_late_shows_no_key_or_token(bad: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError) as info:
        AsyncNcmClient(v2_keys=V2Keys(*RAW), v3_token=TOKEN, **bad)  # type: ignore[arg-type]
    assert_clean(rendered(info.value))
    with pytest.raises(ConfigurationError) as info:
        AsyncNcmClient.from_env(ENV, **bad)
    assert_clean(rendered(info.value))


def test_repr_of_a_half_built_client_does_not_raise() -> None:
    half = AsyncNcmClient.__new__(AsyncNcmClient)
    assert repr(half) == "AsyncNcmClient(base_url_v2='?', 'credentials: not set', not built)"
    with pytest.raises(ConfigurationError) as info:
        AsyncNcmClient(v3_token=TOKEN, base_url_v3="nope")
    assert "self = AsyncNcmClient(" in rendered(info.value)


def test_env_settings_and_reprs_are_masked() -> None:
    settings = read_env(ENV)
    texts = [repr(settings), str(settings), repr(settings.v2_keys), repr(settings.v3_token)]
    ncm = AsyncNcmClient.from_env(ENV)
    texts += [repr(ncm), repr(ncm._credentials), repr(ncm._transport), f"{settings.v3_token}"]
    assert_clean("\n".join(texts))
    assert repr(Secret(TOKEN)) == "Secret('<redacted>')"
    assert Secret(TOKEN) == Secret(TOKEN)
    assert Secret(TOKEN) != Secret("other")


def test_a_secret_is_not_pickled() -> None:
    import pickle

    with pytest.raises(TypeError, match="not pickled"):
        pickle.dumps(Secret(TOKEN))
    with pytest.raises(TypeError, match="not pickled"):
        pickle.dumps(V2Keys(*RAW))


@pytest.mark.parametrize(
    "echo",
    [
        f"bad key {RAW[1]}",
        f"key={RAW[1]};",
        f"x{RAW[1]}y",
        f"{RAW[3]}{RAW[0]}",
        f"Bearer {TOKEN}abc",
        f"tokens:{TOKEN}/{RAW[2]}",
    ],
)
async def test_a_key_echoed_in_an_error_body_is_redacted_even_glued(echo: str) -> None:
    body = {"exception": {"message": echo, "type": "validation"}}
    transport = httpx.MockTransport(lambda request: httpx.Response(400, json=body))
    async with client(transport) as ncm:
        with pytest.raises(BadRequestError) as info:
            await ncm.request("GET", "routers")
    assert "<redacted>" in str(info.value)
    assert_clean(str(info.value))
    assert_clean(info.value.message)  # type: ignore[attr-defined]


async def test_rich_show_locals_renders_without_secrets() -> None:
    """rich walks attrs objects field by field (ignoring their ``__repr__``): the
    Secret values inside them are what keeps the keys out."""
    import io

    from rich.console import Console
    from rich.traceback import Traceback

    clock = FakeClock()
    transport = httpx.MockTransport(lambda request: httpx.Response(503))
    async with clock.autojump(), client(transport, clock=clock) as ncm:
        with pytest.raises(ServerError) as info:
            await ncm.v2.routers.get(1)
    out = io.StringIO()
    console = Console(file=out, width=200, color_system=None)
    tb = info.value.__traceback__
    assert tb is not None
    console.print(Traceback.from_exception(ServerError, info.value, tb.tb_next, show_locals=True))
    text = out.getvalue()
    assert "Secret('<redacted>')" in text or "redacted" in text
    assert_clean(text)
