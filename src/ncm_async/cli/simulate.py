"""``ncm-async simulate``: serve the simulator on loopback for any NCM client to use.

The server binds loopback only (it accepts any keys unless told which), prints
the URL and the environment a client needs, and runs until Ctrl-C or SIGTERM,
then shuts down cleanly and exits 0. uvicorn runs on asyncio, so this command
does too.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from types import FrameType
from typing import TextIO

import attrs

from ncm_async._config import ENV_BASE_URL_V2, ENV_BASE_URL_V3, ENV_V2_KEYS, ENV_V3_TOKEN
from ncm_async.cli.session import SimSettings
from ncm_async.testing.server import RunningServer, running


@attrs.frozen
class ServeOptions:
    """``simulate``'s options. Key values never appear in ``repr`` or in output."""

    sim: SimSettings
    host: str = "127.0.0.1"
    port: int = 8484
    v2_keys: tuple[str, str, str, str] | None = attrs.field(default=None, repr=False)
    v3_token: str | None = attrs.field(default=None, repr=False)


def parse_v2_keys(text: str) -> tuple[str, str, str, str]:
    """``CP_ID,CP_KEY,ECM_ID,ECM_KEY`` -> the four keys the server will insist on.

    Raises:
        ValueError: Not four non-empty values.
    """
    parts = tuple(p.strip() for p in text.split(","))
    if len(parts) != 4 or not all(parts):
        msg = "--v2-keys takes four comma-separated values: CP_ID,CP_KEY,ECM_ID,ECM_KEY"
        raise ValueError(msg)
    return parts[0], parts[1], parts[2], parts[3]


def banner(server: RunningServer, opts: ServeOptions) -> list[str]:
    """What to print once listening: the URL and how to point a client at it."""
    v2_values = "<the --v2-keys values>" if opts.v2_keys else "sim"
    token = "<the --v3-token value>" if opts.v3_token else "sim"
    keys = " ".join(f"{name}={v2_values}" for name in ENV_V2_KEYS)
    return [
        f"NCM {opts.sim.describe()}, latency {opts.sim.latency * 1000:g} ms",
        f"listening on {server.origin} (Ctrl-C to stop)",
        "point a client at it:",
        f"  export {ENV_BASE_URL_V2}={server.base_url_v2.rstrip('/')}",
        f"  export {ENV_BASE_URL_V3}={server.base_url_v3.rstrip('/')}",
        f"  export {keys} {ENV_V3_TOKEN}={token}",
        "  ncm-async pull routers --out routers.jsonl",
    ]


async def serve(
    opts: ServeOptions,
    out: TextIO,
    *,
    on_ready: Callable[[RunningServer], None] | None = None,
) -> None:
    """Serve until cancelled or until uvicorn sees SIGINT/SIGTERM.

    Raises:
        ValueError: The host is not a loopback address.
        RuntimeError: The port could not be bound.
    """
    sim = opts.sim.build(v2_keys=opts.v2_keys, v3_token=opts.v3_token)
    async with running(sim, opts.host, opts.port) as server:
        for line in banner(server, opts):
            print(line, file=out, flush=True)
        if on_ready is not None:
            on_ready(server)
        await server.wait_closed()


class _TerminatedError(Exception):
    """SIGTERM, replayed by uvicorn after its graceful shutdown."""


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    raise _TerminatedError


def run_simulate(opts: ServeOptions, out: TextIO, err: TextIO) -> int:
    """Run the server in the foreground; exit status 0 on Ctrl-C/SIGTERM, 1 if it cannot start.

    uvicorn handles the signal (graceful shutdown) and then re-raises it; a
    KeyboardInterrupt or SIGTERM arriving after that is the normal way out.
    """
    previous = signal.signal(signal.SIGTERM, _raise_stopped)
    try:
        asyncio.run(serve(opts, out))
    except (KeyboardInterrupt, _TerminatedError):
        print("simulator stopped", file=err)
        return 0
    except (OSError, RuntimeError, ValueError) as exc:
        print(f"ncm-async simulate: {exc}", file=err)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0
