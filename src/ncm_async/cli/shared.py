"""``--redis URL``: the pull shares its account budget with other processes.

Every process pointed at the same Redis with the same namespace takes its
tokens from one bucket and pauses together on a 429 (see
:class:`~ncm_async.ratelimit.RedisLimiterStore`). The namespace defaults to a
hash of the credentials (one per key set), so processes using the same keys
share without configuration; processes using *different* keys of one account
must pass the same ``--redis-namespace``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from ncm_async._env import read_env
from ncm_async._secret import Secret
from ncm_async.bulk import RedisCheckpointStore
from ncm_async.cli.session import CliError
from ncm_async.errors import NcmError
from ncm_async.ratelimit import RedisLimiterStore

ENV_REDIS_URL = "NCM_REDIS_URL"
LEASE_SECONDS = 10.0


def default_namespace(environ: Mapping[str, str] | None, *, simulated: bool) -> str:
    """A namespace naming the credentials without revealing them (a truncated SHA-256)."""
    if simulated:
        return "ncm-async-simulator"
    env = read_env(environ)
    if env.v2_keys is not None:
        keys = env.v2_keys
        material = f"v2:{keys.cp_api_id.reveal()}:{keys.ecm_api_id.reveal()}"
    else:
        token = Secret.wrap(env.v3_token)
        material = f"v3:{token.reveal() if token is not None else ''}"
    return "account-" + hashlib.sha256(material.encode()).hexdigest()[:16]


def limiter_store(
    url: str | None,
    namespace: str | None,
    environ: Mapping[str, str] | None,
    *,
    simulated: bool,
) -> RedisLimiterStore | None:
    """The shared limiter for ``--redis`` (or ``NCM_REDIS_URL``), None without either.

    Raises:
        CliError: A malformed URL or namespace, or the ``redis`` extra is missing.
    """
    env = environ if environ is not None else _os_environ()
    url = url or env.get(ENV_REDIS_URL, "").strip() or None
    if url is None:
        return None
    try:
        name = namespace or default_namespace(environ, simulated=simulated)
        return RedisLimiterStore.from_url(url, namespace=name)
    except NcmError as exc:
        raise CliError(f"--redis: {exc}", status=2) from None


def checkpoint_store(
    url: str | None, key: str | None, environ: Mapping[str, str] | None
) -> RedisCheckpointStore | None:
    """The checkpoint for ``--checkpoint-key`` (None without it).

    Every save renews a short lease (``LEASE_SECONDS``), so a resume after a
    crash waits at most that long for the dead pull's lease to lapse.

    Raises:
        CliError: No Redis URL, a malformed one, or the ``redis`` extra is missing.
    """
    if key is None:
        return None
    env = environ if environ is not None else _os_environ()
    url = url or env.get(ENV_REDIS_URL, "").strip() or None
    if url is None:
        msg = f"--checkpoint-key keeps the checkpoint in Redis: give --redis URL or {ENV_REDIS_URL}"
        raise CliError(msg, status=2)
    try:
        return RedisCheckpointStore.from_url(
            url, key=key, lease_seconds=LEASE_SECONDS, wait_seconds=LEASE_SECONDS + 5
        )
    except NcmError as exc:
        raise CliError(f"--redis: {exc}", status=2) from None


async def close(*stores: RedisLimiterStore | RedisCheckpointStore | None) -> None:
    """Close the connection pools opened for the command line."""
    for store in stores:
        if store is not None:
            await store.aclose()


def _os_environ() -> Mapping[str, str]:
    import os

    return os.environ
