"""Serve a simulator over loopback HTTP with uvicorn (``ncm-async simulate``, server tests).

Only loopback addresses are accepted: the simulator accepts any keys, so it
must not be reachable from elsewhere. ``port=0`` picks a free port; the real
one is reported on the :class:`RunningServer`. URLs in served records and
``next`` links follow the ``Host`` the client used, so they point back at the
port actually served. uvicorn runs on asyncio only.

uvicorn is the ``server`` extra (``pip install 'ncm-async[server]'``): only this
module needs it, and only when a server starts; the in-process simulator does not.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from types import ModuleType

import anyio
import attrs

from ncm_async._config import is_loopback_host
from ncm_async.testing.asgi import SimulatedDisconnect
from ncm_async.testing.simulator import NcmSimulator


@attrs.frozen
class RunningServer:
    """Where a started simulator listens."""

    host: str
    port: int
    _task: asyncio.Task[None] = attrs.field(repr=False)

    @property
    def origin(self) -> str:
        """``http://host:port``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def base_url_v2(self) -> str:
        """The v2 base URL on this server."""
        return f"{self.origin}/api/v2/"

    @property
    def base_url_v3(self) -> str:
        """The v3 base URL on this server."""
        return f"{self.origin}/api/v3/"

    async def wait_closed(self) -> None:
        """Return when the server stops (e.g. on SIGINT)."""
        await asyncio.shield(self._task)


class _HideDrops(logging.Filter):
    """Keep uvicorn from logging the tracebacks of deliberately dropped connections."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], SimulatedDisconnect))


SERVER_EXTRA_HINT = "pip install 'ncm-async[server]'"


def _uvicorn() -> ModuleType:
    """The uvicorn module, or a RuntimeError saying which extra provides it."""
    try:
        import uvicorn
    except ImportError as exc:
        msg = f"serving the simulator over HTTP needs uvicorn: {SERVER_EXTRA_HINT}"
        raise RuntimeError(msg) from exc
    return uvicorn


def check_loopback(host: str) -> None:
    """ValueError unless ``host`` is a loopback address (or ``localhost``)."""
    if not is_loopback_host(host):
        msg = f"the simulator binds loopback only (127.0.0.1, ::1), not {host!r}"
        raise ValueError(msg)


def bind_listener(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port``, so a taken port is one clear error before uvicorn starts.

    Raises:
        RuntimeError: The address cannot be bound (in use, not available).
    """
    sock: socket.socket | None = None
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        if sock is not None:
            sock.close()
        reason = (exc.strerror or str(exc)).lower()
        msg = (
            f"cannot listen on {host}:{port}: {reason} (choose another --port, or 0 for a free one)"
        )
        raise RuntimeError(msg) from None
    return sock


@asynccontextmanager
async def running(
    sim: NcmSimulator, host: str = "127.0.0.1", port: int = 0, *, log_level: str = "warning"
) -> AsyncIterator[RunningServer]:
    """Run ``sim`` on ``host:port`` for the duration of the block, then shut down cleanly.

    Raises:
        ValueError: ``host`` is not a loopback address.
        RuntimeError: the server could not start (the port is taken, or uvicorn,
            the ``server`` extra, is not installed).
    """
    check_loopback(host)
    uvicorn = _uvicorn()
    config = uvicorn.Config(
        sim.app,
        host=host,
        port=port,
        interface="asgi3",
        log_level=log_level,
        lifespan="off",
        access_log=False,
    )
    server = uvicorn.Server(config)
    listener = bind_listener(host, port)
    hide = _HideDrops()
    logging.getLogger("uvicorn.error").addFilter(hide)
    task = asyncio.get_running_loop().create_task(server.serve(sockets=[listener]))
    try:
        while not server.started:
            if task.done():
                task.result()
                msg = f"the simulator server did not start on {host}:{port}"
                raise RuntimeError(msg)
            await anyio.sleep(0.005)
        bound = server.servers[0].sockets[0].getsockname()[1]
        yield RunningServer(host, int(bound), task)
    finally:
        server.should_exit = True
        if not task.done():
            await task
        with contextlib.suppress(OSError):
            listener.close()
        logging.getLogger("uvicorn.error").removeFilter(hide)


async def serve(
    sim: NcmSimulator,
    host: str = "127.0.0.1",
    port: int = 8484,
    *,
    log_level: str = "info",
    on_ready: Callable[[RunningServer], None] | None = None,
) -> None:
    """Serve ``sim`` until the server is stopped (SIGINT/SIGTERM) or the task is cancelled.

    Args:
        sim: The simulator to serve.
        host: Loopback address to bind.
        port: TCP port; 0 picks a free one (reported through ``on_ready``).
        log_level: uvicorn's log level.
        on_ready: Called once listening, with the real address.
    """
    async with running(sim, host, port, log_level=log_level) as server:
        if on_ready is not None:
            on_ready(server)
        await server.wait_closed()
