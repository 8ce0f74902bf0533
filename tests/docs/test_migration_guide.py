"""docs/migrating-from-ncm.md: every `ncm` name is real, every equivalent runs, both ways.

The table's async and blocking cells run against ``ncm-async simulate``; reads must
give the same records both ways. The guide's python blocks run as the README's do.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
import pytest
from markdown_blocks import python_blocks, run_block

from conftest import ROOT
from ncm_async import AsyncNcmClient, NcmClient, RateLimit

GUIDE = ROOT / "docs" / "migrating-from-ncm.md"
FAST = {"rate_limit": RateLimit(requests_per_minute=60_000, burst=100)}
"""The served simulator does not throttle; the cells need not keep the account's pace."""
_CELL = re.compile(r"`([^`]+)`")


def table_rows() -> list[tuple[str, str, str]]:
    """(ncm call, async equivalent, blocking equivalent) of every table row."""
    rows = []
    for line in GUIDE.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`") or cells[0] == "`ncm`":
            continue
        code = [_CELL.fullmatch(c) for c in cells]
        if all(code):
            rows.append((code[0].group(1), code[1].group(1), code[2].group(1)))  # type: ignore[union-attr]
    return rows


ROWS = table_rows()


def test_the_readme_links_the_guide() -> None:
    assert "docs/migrating-from-ncm.md" in (ROOT / "README.md").read_text()


def test_every_ncm_call_named_exists_in_the_ncm_package() -> None:
    official = pytest.importorskip("ncm.ncm")
    assert len(ROWS) >= 30
    names = [call.split("(")[0] for call, _, _ in ROWS]
    assert len(set(names)) == len(names)
    missing = [
        n
        for n in names
        if not hasattr(official.NcmClientv2, n) and not hasattr(official.NcmClientv3, n)
    ]
    assert missing == []


def values(ncm: NcmClient) -> dict[str, Any]:
    """The table's placeholders, looked up in the simulator: a router with a modem."""
    router, device = next(
        (router, device)
        for router in ncm.v2.routers.list(state="online")
        for device in ncm.v2.net_devices.list(router=router.id)
        if ncm.v2.net_device_signal_samples.list(net_device=device.id, limit=1).first_page().items
    )
    group = ncm.v2.groups.list(limit=1).first_page().items[0]
    asset = ncm.v3.asset_endpoints.list().first_page().items[0]
    user = ncm.v3.users.list().first_page().items[0]
    return {
        "router_id": router.id,
        "router_name": router.name,
        "group_id": group.id,
        "group_name": group.name,
        "account_id": ncm.v2.accounts.list(limit=1).first_page().items[0].id,
        "net_device_id": device.id,
        "mac": asset.attributes.mac_address,
        "email": user.attributes.email,
        "subscription_type": "BA-NCADV",
        "since": datetime.now(UTC) - timedelta(hours=24),
    }


def run_async_cells(cells: list[str], names: dict[str, Any]) -> list[Any]:
    results: list[Any] = []

    async def main() -> None:
        async with AsyncNcmClient.from_env(**FAST) as ncm:
            for cell in cells:
                code = compile(f"({cell})", "async cell", "eval", flags=0x2000)
                value = eval(code, {**names, "ncm": ncm})
                results.append(await value if hasattr(value, "__await__") else value)

    anyio.run(main)
    return results


def run_blocking_cells(cells: list[str], names: dict[str, Any]) -> list[Any]:
    with NcmClient.from_env(**FAST) as ncm:
        return [eval(cell, {**names, "ncm": ncm}) for cell in cells]


@pytest.mark.usefixtures("simulated")
def test_reads_give_the_same_records_async_and_blocking() -> None:
    with NcmClient.from_env(**FAST) as ncm:
        names = values(ncm)
    reads = [row for row in ROWS if row[0].startswith("get_")]
    assert len(reads) >= 25
    got_async = run_async_cells([a for _, a, _ in reads], names)
    got_blocking = run_blocking_cells([b for _, _, b in reads], names)
    for (call, _, _), one, other in zip(reads, got_async, got_blocking, strict=True):
        assert one == other, call
    empty = [row[0] for row, got in zip(reads, got_async, strict=True) if not got]
    assert empty == []


@pytest.mark.usefixtures("simulated")
def test_writes_run_async_and_blocking() -> None:
    with NcmClient.from_env(**FAST) as ncm:
        names = values(ncm)
    writes = [row for row in ROWS if not row[0].startswith("get_")]
    run_async_cells([a for _, a, _ in writes], {**names, "email": "async@example.com"})
    run_blocking_cells([b for _, _, b in writes], {**names, "email": "blocking@example.com"})
    with NcmClient.from_env(**FAST) as ncm:
        router = ncm.v2.routers.get(names["router_id"])
        users = {u.attributes.email for u in ncm.v3.users.list()}
    assert (router.name, router.custom1) == ("new name", "text")
    assert {"async@example.com", "blocking@example.com"} <= users


@pytest.mark.usefixtures("simulated")
def test_the_guides_python_blocks_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    blocks = python_blocks(GUIDE.read_text())
    assert all(b.runnable for b in blocks)
    with NcmClient.from_env(**FAST) as ncm:
        namespace: dict[str, Any] = {"__name__": "guide", **values(ncm)}
    for block in blocks:
        run_block(block, namespace, str(GUIDE))
    with NcmClient.from_env(**FAST) as ncm:
        cm = ncm.v2.configuration_managers.list(router=namespace["router_id"]).collect()[0]
    assert cm.configuration[0]["system"]["system_id"] == "branch-12"
