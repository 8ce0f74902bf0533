"""Bulk checkpoints in Redis: a pull killed on one host resumes on another, exactly once.

The state lives in one hash (``doc``: the checkpoint JSON, ``version``: a write
counter) next to a *lease* key holding the writer's random token with an
expiry. Every write is one Lua script that checks, atomically, that no other
writer holds the lease and that nobody wrote since this store last read or
wrote; then it writes, bumps the version and renews the lease. A second pull on
the same key is therefore refused (:class:`~ncm_async.errors.CheckpointLockedError`),
never interleaved, even if the first one's lease lapsed while it was paused.
A lease of a killed pull lapses after ``lease_seconds``; a resuming pull may wait
for that (``wait_seconds``). Saving a completed checkpoint releases the lease.
"""

from __future__ import annotations

import math
import secrets
from typing import TYPE_CHECKING, Any

import anyio
import orjson

from ncm_async import _redis
from ncm_async.errors import CheckpointLockedError, ConfigurationError, SharedStoreError

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["RedisCheckpointStore"]

_ACQUIRE = """
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[1] then
  return {0, redis.call('PTTL', KEYS[2])}
end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'version', 'doc')
return {1, tonumber(state[1] or '0'), state[2]}
"""

_SAVE = """
local holder = redis.call('GET', KEYS[2])
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if (holder and holder ~= ARGV[1]) or version ~= tonumber(ARGV[3]) then
  return {0, redis.call('PTTL', KEYS[2]), version}
end
version = version + 1
redis.call('HSET', KEYS[1], 'doc', ARGV[4], 'version', version)
redis.call('PEXPIRE', KEYS[1], ARGV[6])
if ARGV[5] == '1' then
  redis.call('DEL', KEYS[2])
else
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
end
return {1, version}
"""

_RESET = """
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[1] then
  return {0, redis.call('PTTL', KEYS[2])}
end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HDEL', KEYS[1], 'doc')
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {1, version}
"""

_RELEASE = """
if redis.call('GET', KEYS[2]) == ARGV[1] then
  return redis.call('DEL', KEYS[2])
end
return 0
"""

_POLL = 0.25


class RedisCheckpointStore:
    """A :class:`~ncm_async.bulk.CheckpointStore` in Redis, with a single-writer lease.

    Args:
        client: A ``redis.asyncio.Redis`` client (yours: never closed by the store).
        key: Names the checkpoint; runs passing the same key continue each other.
        lease_seconds: How long a write holds the checkpoint for this store; every
            save renews it. A killed pull's lease lapses after this.
        wait_seconds: How long :meth:`load` waits for another holder's lease to
            lapse before refusing (0: refuse at once).
        ttl_seconds: The checkpoint is deleted when untouched this long.

    Raises:
        ConfigurationError: An empty key or a non-positive duration.
        TypeError: ``client`` is not a ``redis.asyncio.Redis``.
    """

    def __init__(
        self,
        client: Redis,
        *,
        key: str,
        lease_seconds: float = 30.0,
        wait_seconds: float = 0.0,
        ttl_seconds: float = 7 * 86400.0,
    ) -> None:
        _redis.check_client(client)
        if not isinstance(key, str) or not key.strip():
            msg = "the checkpoint key must be a non-empty string"
            raise ConfigurationError(msg)
        for name, value in (("lease_seconds", lease_seconds), ("ttl_seconds", ttl_seconds)):
            if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
                msg = f"{name} must be a positive number of seconds, got {value!r}"
                raise ConfigurationError(msg)
        if isinstance(wait_seconds, bool) or not isinstance(wait_seconds, int | float):
            msg = f"wait_seconds must be a number of seconds, got {wait_seconds!r}"
            raise ConfigurationError(msg)
        if not wait_seconds >= 0:
            msg = f"wait_seconds must be zero or more, got {wait_seconds!r}"
            raise ConfigurationError(msg)
        self.key = key
        self.lease_seconds = float(lease_seconds)
        self.wait_seconds = float(wait_seconds)
        self.ttl_seconds = float(ttl_seconds)
        self._client = client
        self._owns_client = False
        self._keys = [f"ncm_async:checkpoint:{{{key}}}", f"ncm_async:checkpoint:{{{key}}}:lease"]
        self._token = secrets.token_hex(16)
        self._version: int | None = None
        self._scripts = _redis.Scripts(
            client, {"acquire": _ACQUIRE, "save": _SAVE, "reset": _RESET, "release": _RELEASE}
        )

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        key: str,
        lease_seconds: float = 30.0,
        wait_seconds: float = 0.0,
        ttl_seconds: float = 7 * 86400.0,
        socket_timeout: float = _redis.DEFAULT_SOCKET_TIMEOUT,
    ) -> RedisCheckpointStore:
        """A store on its own connection pool to ``url`` (closed by :meth:`aclose`).

        Args:
            url: ``redis://[:password@]host:port/db`` (or ``rediss://``, ``unix://``).
            socket_timeout: Seconds any one Redis operation may take.

        Raises:
            ConfigurationError: A bad URL or argument, or ``redis`` is not installed.
        """
        store = cls(
            _redis.connect(url, socket_timeout=socket_timeout),
            key=key,
            lease_seconds=lease_seconds,
            wait_seconds=wait_seconds,
            ttl_seconds=ttl_seconds,
        )
        store._owns_client = True
        return store

    def __repr__(self) -> str:
        return f"RedisCheckpointStore(key={self.key!r})"

    async def load(self) -> dict[str, Any] | None:
        """Take the lease and return the saved state (None when there is none).

        Raises:
            CheckpointLockedError: Another pull holds the lease (after ``wait_seconds``).
            SharedStoreError: Redis failed or did not answer in time.
            ConfigurationError: The stored value is not a checkpoint.
        """
        deadline = anyio.current_time() + self.wait_seconds
        while True:
            answer = await self._run("acquire", [self._token, self._lease_ms()])
            if int(answer[0]) == 1:
                break
            expires_in = max(0.0, int(answer[1]) / 1000)
            left = deadline - anyio.current_time()
            if left <= 0:
                raise self._locked(expires_in)
            await anyio.sleep(min(left, max(expires_in, 0.001), _POLL))
        self._version = int(answer[1])
        raw = answer[2] if len(answer) > 2 else None
        if raw is None:
            return None
        try:
            state = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            msg = f"Redis key {self._keys[0]!r} does not hold a bulk checkpoint"
            raise ConfigurationError(msg) from exc
        if not isinstance(state, dict):
            msg = f"Redis key {self._keys[0]!r} does not hold a bulk checkpoint"
            raise ConfigurationError(msg)
        return state

    async def save(self, state: dict[str, Any]) -> None:
        """Replace the state if this store still may write; renew (or release) the lease.

        A state marked ``complete`` releases the lease.

        Raises:
            CheckpointLockedError: Another writer took the checkpoint (or wrote to it)
                since this store last read or wrote it.
            SharedStoreError: Redis failed or did not answer in time.
        """
        if self._version is None:
            await self.load()
        release = "1" if state.get("complete") else "0"
        ttl_ms = max(1, math.ceil(self.ttl_seconds * 1000))
        args = [self._token, self._lease_ms(), self._version, orjson.dumps(state), release, ttl_ms]
        answer = await self._run("save", args)
        if int(answer[0]) != 1:
            self._version = None
            raise self._locked(max(0.0, int(answer[1]) / 1000))
        self._version = int(answer[1])

    async def reset(self) -> None:
        """Take the lease and empty the checkpoint: the next pull starts from the beginning.

        Raises:
            CheckpointLockedError: Another pull holds the lease.
            SharedStoreError: Redis failed or did not answer in time.
        """
        ttl_ms = max(1, math.ceil(self.ttl_seconds * 1000))
        answer = await self._run("reset", [self._token, self._lease_ms(), ttl_ms])
        if int(answer[0]) != 1:
            raise self._locked(max(0.0, int(answer[1]) / 1000))
        self._version = int(answer[1])

    async def release(self) -> None:
        """Give the lease up now (another pull may continue at once); the state stays."""
        await self._run("release", [self._token])
        self._version = None

    async def delete(self) -> None:
        """Remove the checkpoint and its lease (start the pull over next time)."""
        try:
            await self._client.delete(*self._keys)
        except _redis.redis_errors() as exc:
            raise _redis.shared_store_error("checkpoint delete", exc) from exc
        self._version = None

    async def aclose(self) -> None:
        """Close the connection pool if :meth:`from_url` opened it."""
        if self._owns_client:
            await self._client.aclose()

    def _lease_ms(self) -> int:
        return max(1, math.ceil(self.lease_seconds * 1000))

    def _locked(self, expires_in: float) -> CheckpointLockedError:
        msg = (
            f"checkpoint {self.key!r} is held by another pull (its lease lapses in"
            f" {expires_in:.1f} s unless renewed); concurrent writers are refused"
        )
        return CheckpointLockedError(msg, key=self.key, expires_in=expires_in)

    async def _run(self, name: str, args: list[Any]) -> Any:
        try:
            return await self._scripts.run(name, self._keys, args)
        except SharedStoreError:
            raise
        except _redis.redis_errors() as exc:
            raise _redis.shared_store_error(f"checkpoint {name}", exc) from exc
