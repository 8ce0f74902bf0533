"""``pull --redis URL`` / ``NCM_REDIS_URL``: the shared limiter the command line builds."""

from __future__ import annotations

import pytest

from ncm_async.cli.pull import PullOptions
from ncm_async.cli.session import CliError
from ncm_async.cli.shared import default_namespace, limiter_store

KEYS = {
    "X_CP_API_ID": "cp-id-secret",
    "X_CP_API_KEY": "cp-key-secret",
    "X_ECM_API_ID": "ecm-id-secret",
    "X_ECM_API_KEY": "ecm-key-secret",
}


@pytest.mark.asyncio
async def test_the_url_comes_from_the_option_or_the_environment() -> None:
    assert limiter_store(None, None, KEYS, simulated=False) is None
    env = {**KEYS, "NCM_REDIS_URL": "redis://:pw-secret@127.0.0.1:6379/0"}
    store = limiter_store(None, None, env, simulated=False)
    assert store is not None
    assert store.namespace == default_namespace(KEYS, simulated=False)
    assert store.namespace.startswith("account-")
    assert "secret" not in store.namespace
    assert "secret" not in repr(store)
    await store.aclose()
    named = limiter_store("redis://127.0.0.1:6379/0", "acme", env, simulated=False)
    assert named is not None
    assert named.namespace == "acme"
    await named.aclose()


def test_processes_with_the_same_keys_share_and_other_keys_do_not() -> None:
    other = {**KEYS, "X_ECM_API_ID": "another-key-id"}
    mine = default_namespace(KEYS, simulated=False)
    assert default_namespace(dict(KEYS), simulated=False) == mine
    assert default_namespace(other, simulated=False) != mine
    tokens = [default_namespace({"NCM_API_TOKEN": t}, simulated=False) for t in ("t1", "t2")]
    assert tokens[0] != tokens[1]


def test_a_bad_url_is_a_usage_error_without_the_password() -> None:
    with pytest.raises(CliError, match="--redis: the Redis URL must start with") as caught:
        limiter_store("http://:pw-secret@host/0", None, KEYS, simulated=False)
    assert caught.value.status == 2
    assert "pw-secret" not in str(caught.value)


def test_the_url_never_shows_in_the_options_repr() -> None:
    opts = PullOptions.build("routers", redis_url="redis://:pw-secret@h:6379/0")
    assert "pw-secret" not in repr(opts)
