"""Every ```python block of README.md runs against ``ncm-async simulate``, as pasted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from markdown_blocks import Block, compile_block, python_blocks, run_block

from conftest import ROOT

README = ROOT / "README.md"
BLOCKS = python_blocks(README.read_text())


def test_at_most_two_blocks_are_marked_not_runnable() -> None:
    skipped = [str(b) for b in BLOCKS if not b.runnable]
    assert len(skipped) <= 2, skipped
    assert len(BLOCKS) >= 8


def test_every_block_compiles() -> None:
    for block in BLOCKS:
        compile_block(block, str(README))


@pytest.mark.usefixtures("simulated")
def test_every_runnable_block_runs_top_to_bottom(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # blocks may write files (checkpoints, outputs)
    namespace: dict[str, Any] = {"__name__": "readme"}
    ran: list[Block] = []
    for block in BLOCKS:
        if block.runnable:
            run_block(block, namespace, str(README))
            ran.append(block)
    assert len(ran) == len([b for b in BLOCKS if b.runnable])
