"""Redis connections for the shared stores: bounded waits, cached scripts, clear errors.

The ``redis`` package is optional (``pip install 'ncm-async[redis]'``) and imported
only here, on first use. Every connection has socket timeouts, so an unreachable
or stalled server costs at most a bounded wait per operation, never a hang.
``redis.asyncio`` runs on asyncio only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from ncm_async.errors import ConfigurationError, SharedStoreError

if TYPE_CHECKING:
    from redis.asyncio import Redis
    from redis.commands.core import AsyncScript

__all__ = ["connect", "safe_url", "redis_errors", "Scripts", "shared_store_error"]

DEFAULT_SOCKET_TIMEOUT = 2.0
"""Seconds a Redis operation (and a connection attempt) may take before it fails."""

_SCHEMES = frozenset({"redis", "rediss", "unix"})


def _redis_module() -> Any:
    try:
        import redis.asyncio
    except ImportError as exc:
        msg = "the Redis stores need the redis package: pip install 'ncm-async[redis]'"
        raise ConfigurationError(msg) from exc
    return redis.asyncio


def safe_url(url: str) -> str:
    """``url`` without its password (for reprs, logs and errors)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit(parts._replace(netloc=user + host))


def connect(url: str, *, socket_timeout: float = DEFAULT_SOCKET_TIMEOUT) -> Redis:
    """A ``redis.asyncio`` client for ``url`` with bounded waits (no I/O yet).

    Raises:
        ConfigurationError: Not a redis://, rediss:// or unix:// URL, a bad
            timeout, or the ``redis`` package is missing.
    """
    if not isinstance(url, str) or urlsplit(url).scheme not in _SCHEMES:
        shown = safe_url(url) if isinstance(url, str) else repr(url)
        msg = f"the Redis URL must start with redis://, rediss:// or unix://, got {shown!r}"
        raise ConfigurationError(msg)
    check_timeout(socket_timeout)
    module = _redis_module()
    client: Redis = module.Redis.from_url(
        url,
        socket_timeout=socket_timeout,
        socket_connect_timeout=socket_timeout,
        retry_on_timeout=False,
    )
    return client


def check_timeout(seconds: float) -> None:
    """Raise ConfigurationError unless ``seconds`` is a positive number."""
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not seconds > 0:
        msg = f"socket_timeout must be a positive number of seconds, got {seconds!r}"
        raise ConfigurationError(msg)


def check_client(client: object) -> None:
    """Raise TypeError unless ``client`` is a ``redis.asyncio.Redis``."""
    module = _redis_module()
    if not isinstance(client, module.Redis):
        msg = f"expected a redis.asyncio.Redis client, got {type(client).__name__}"
        raise TypeError(msg)


def redis_errors() -> tuple[type[BaseException], ...]:
    """What a failing or unreachable server raises (connection, timeout, server errors)."""
    from redis.exceptions import RedisError

    return (RedisError, OSError, TimeoutError)


def shared_store_error(what: str, exc: BaseException) -> SharedStoreError:
    """A SharedStoreError for a failed Redis operation (no URL, no secret in it)."""
    return SharedStoreError(f"Redis {what} failed: {type(exc).__name__}: {exc}")


class Scripts:
    """Lua scripts registered once per client; each call is one EVALSHA.

    redis-py sends ``EVALSHA`` and loads the script only when the server answers
    ``NOSCRIPT`` (first use, or after a restart or ``SCRIPT FLUSH``).
    """

    def __init__(self, client: Redis, sources: dict[str, str]) -> None:
        self._scripts: dict[str, AsyncScript] = {
            name: client.register_script(source) for name, source in sources.items()
        }

    async def run(self, name: str, keys: list[str], args: list[Any]) -> Any:
        """Run script ``name`` atomically on the server."""
        return await self._scripts[name](keys=keys, args=args)
