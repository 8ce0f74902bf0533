"""Client configuration: clear errors before any I/O, env variables, lifetime, redaction."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from ncm_async import AsyncNcmClient, ConfigurationError, RateLimit, RetryPolicy, V2Keys
from ncm_async._client import MAX_POOL
from ncm_async._lanes import LaneTransport

KEYS = V2Keys("id1", "key-SECRET", "id2", "key2-SECRET")


def test_no_credentials_is_a_clear_error() -> None:
    with pytest.raises(ConfigurationError, match=r"no credentials: pass v2_keys= and/or v3_token="):
        AsyncNcmClient()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"base_url_v2": "ftp://x/api/v2"}, "base_url_v2 must be an absolute http"),
        ({"base_url_v2": "not a url"}, "base_url_v2 must be an absolute http"),
        ({"base_url_v2": ""}, "base_url_v2 must be a non-empty URL"),
        ({"base_url_v2": "http://ncm.example.com/api/v2/"}, "plain http to ncm.example.com"),
        ({"base_url_v3": "https://u:p@api.example.com/api/v3"}, "must not carry credentials"),
        ({"base_url_v2": "https://x.example/api/v2/?a=1"}, "must not carry a query"),
        ({"timeout": -1}, "timeout must be a positive number"),
        ({"timeout": 0}, "timeout must be a positive number"),
        ({"v3_token": "has space"}, "v3_token must be a non-empty string without whitespace"),
        ({"v2_keys": ("a", "b", "c", "d")}, "v2_keys must be a V2Keys"),
        (
            {
                "http_client": httpx.AsyncClient(),
                "transport": httpx.MockTransport(lambda r: httpx.Response(200)),
            },
            "either http_client= or transport=",
        ),
    ],
)
def test_bad_configuration(kwargs: dict[str, object], message: str) -> None:
    kwargs.setdefault("v2_keys", KEYS)
    with pytest.raises(ConfigurationError, match=message) as info:
        AsyncNcmClient(**kwargs)  # type: ignore[arg-type]
    assert "SECRET" not in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"requests_per_minute": -5}, "requests_per_minute must be positive, got -5"),
        ({"requests_per_minute": float("nan")}, "requests_per_minute must be a finite number"),
        ({"max_concurrency": 0}, "max_concurrency must be positive"),
        ({"max_concurrency": 2.5}, "max_concurrency must be a whole number"),
        ({"decrease_factor": 1.5}, "decrease_factor must be between 0 and 1"),
        ({"requests_per_minute": 5, "min_requests_per_minute": 10}, "must not exceed"),
    ],
)
def test_bad_rate_limit(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        RateLimit(**kwargs)  # type: ignore[arg-type]


def test_bad_retry_policy() -> None:
    with pytest.raises(ConfigurationError, match="max_attempts must be positive"):
        RetryPolicy(max_attempts=0)


@pytest.mark.parametrize("value", ["", "  ", None])
def test_empty_keys_are_rejected_naming_the_header(value: object) -> None:
    with pytest.raises(
        ConfigurationError, match=r"V2Keys.cp_api_key must be a non-empty string \(X-CP-API-KEY\)"
    ):
        V2Keys("id", value, "id2", "k2")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8484/api/v2", "http://localhost:9/api/v2/", "http://[::1]:8484/api/v2"],
)
def test_plain_http_is_fine_on_loopback(url: str) -> None:
    client = AsyncNcmClient(v2_keys=KEYS, base_url_v2=url)
    assert client.base_url_v2.endswith("/api/v2/")


def test_plain_http_elsewhere_needs_an_explicit_opt_in() -> None:
    client = AsyncNcmClient(
        v2_keys=KEYS, base_url_v2="http://ncm.lan/api/v2", allow_insecure_http=True
    )
    assert client.base_url_v2 == "http://ncm.lan/api/v2/"


def test_from_env_reads_the_ncm_package_variables() -> None:
    env = {
        "X_CP_API_ID": "a",
        "X_CP_API_KEY": "b-SECRET",
        "X_ECM_API_ID": "c",
        "X_ECM_API_KEY": "d-SECRET",
        "NCM_API_TOKEN": "tok-SECRET",
        "CP_BASE_URL": "http://127.0.0.1:8484/api/v2",
        "CP_BASE_URL_V3": "http://127.0.0.1:8484/api/v3",
    }
    client = AsyncNcmClient.from_env(env)
    assert client.base_url_v2 == "http://127.0.0.1:8484/api/v2/"
    assert client.base_url_v3 == "http://127.0.0.1:8484/api/v3/"
    assert "SECRET" not in repr(client)
    assert "SECRET" not in str(client)


def test_from_env_with_partial_keys_names_the_missing_ones() -> None:
    with pytest.raises(
        ConfigurationError, match="incomplete v2 keys: set X_ECM_API_ID, X_ECM_API_KEY"
    ):
        AsyncNcmClient.from_env({"X_CP_API_ID": "a", "X_CP_API_KEY": "b"})


def test_from_env_with_nothing() -> None:
    with pytest.raises(ConfigurationError, match="X_CP_API_ID"):
        AsyncNcmClient.from_env({})


def test_pool_is_gated_by_the_concurrency_cap() -> None:
    small = AsyncNcmClient(v2_keys=KEYS, rate_limit=RateLimit(max_concurrency=4))
    big = AsyncNcmClient(v2_keys=KEYS, rate_limit=RateLimit(max_concurrency=64))
    assert len(small._http._transport._lanes) == 4  # type: ignore[attr-defined]
    assert len(big._http._transport._lanes) == MAX_POOL  # type: ignore[attr-defined]
    assert small.limiter._max_in_flight == 4
    assert big.limiter._max_in_flight == MAX_POOL


def test_a_users_pool_is_not_capped_by_ours() -> None:
    http = httpx.AsyncClient()
    client = AsyncNcmClient(
        v2_keys=KEYS, rate_limit=RateLimit(max_concurrency=64), http_client=http
    )
    assert client.limiter._max_in_flight == 64


def test_env_proxies_keep_httpx_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")
    client = AsyncNcmClient(v2_keys=KEYS)
    assert not isinstance(client._http._transport, LaneTransport)  # type: ignore[attr-defined]


def test_tls_verification_is_on() -> None:
    import ssl

    client = AsyncNcmClient(v2_keys=KEYS)
    lanes = client._http._transport  # type: ignore[attr-defined]
    contexts = {id(lane._pool._ssl_context) for lane in [*lanes._lanes, lanes._overflow]}
    assert len(contexts) == 1
    context = lanes._overflow._pool._ssl_context
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname


@pytest.mark.anyio
async def test_user_http_client_is_never_closed() -> None:
    http = httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(204)))
    async with AsyncNcmClient(v2_keys=KEYS, http_client=http) as ncm:
        await ncm.request("DELETE", "groups/1")
    assert not http.is_closed
    await http.aclose()


@pytest.mark.anyio
async def test_owned_pool_is_closed_once() -> None:
    client = AsyncNcmClient(
        v2_keys=KEYS, transport=httpx.MockTransport(lambda r: httpx.Response(204))
    )
    async with client:
        pass
    assert client._http.is_closed
    await client.aclose()


def test_import_does_no_work() -> None:
    code = (
        "import sys, ncm_async; "
        "assert 'ncm_async.testing' not in sys.modules; "
        "assert 'ncm_async._resources.v2.api' not in sys.modules; "
        "assert 'uvicorn' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_from_env_falls_back_to_token_as_the_ncm_package_does() -> None:
    from ncm_async._env import read_env

    only_token = read_env({"TOKEN": "fallback"}).v3_token
    assert only_token is not None
    assert only_token.reveal() == "fallback"
    both = read_env({"TOKEN": "fallback", "NCM_API_TOKEN": "preferred"}).v3_token
    assert both is not None
    assert both.reveal() == "preferred"


def test_from_env_reads_every_variable_the_ncm_package_reads() -> None:
    """Scan the official package's source for the environment names it reads."""
    import re
    from pathlib import Path

    from ncm_async import _config

    official = pytest.importorskip("ncm.ncm")
    source = Path(official.__file__).read_text()
    read_by_ncm = set(re.findall(r"os\.environ\.get\(\s*['\"](\w+)['\"]", source))
    ours = {
        *_config.ENV_V2_KEYS,
        _config.ENV_V3_TOKEN,
        _config.ENV_V3_TOKEN_FALLBACK,
        _config.ENV_BASE_URL_V2,
        _config.ENV_BASE_URL_V3,
    }
    assert read_by_ncm
    assert read_by_ncm <= ours
