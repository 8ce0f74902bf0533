"""Checkpoint stores and the checkpoint document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from ncm_async.bulk import (
    CheckpointStore,
    EarlierRunError,
    FileCheckpointStore,
    MemoryCheckpointStore,
)
from ncm_async.bulk._checkpoint import ChainState, CheckpointState, open_store
from ncm_async.errors import ConfigurationError, PermissionDeniedError

pytestmark = pytest.mark.anyio

STATE = CheckpointState(
    fingerprint="f" * 64,
    done=["1", "2"],
    failed={"3": {"error": "PermissionDeniedError", "status": 403, "message": "no"}},
    chains=[ChainState(("4", "5"), "http://x/?router__in=4,5&offset=500", 7, {"4": 300, "5": 207})],
    extra={"bytes": 1234},
)


def files_in(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


async def test_file_store_round_trip_is_atomic(tmp_path: Path) -> None:
    store = FileCheckpointStore(tmp_path / "c.json")
    assert isinstance(store, CheckpointStore)
    assert await store.load() is None
    await store.save(STATE.to_json())
    await store.save({**STATE.to_json(), "complete": True})
    loaded = await store.load()
    assert loaded is not None
    assert loaded["complete"] is True
    parsed = CheckpointState.from_json(loaded, fingerprint=STATE.fingerprint)
    assert parsed.chains == STATE.chains
    assert (parsed.done, parsed.failed, parsed.extra) == (STATE.done, STATE.failed, STATE.extra)
    assert files_in(tmp_path) == ["c.json"]


async def test_file_store_with_fsync(tmp_path: Path) -> None:
    store = FileCheckpointStore(tmp_path / "c.json", fsync=True)
    await store.save({"a": 1})
    assert await store.load() == {"a": 1}


@pytest.mark.parametrize("content", [b"not json", b"[1, 2]"])
async def test_file_store_refuses_other_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "c.json"
    path.write_bytes(content)
    with pytest.raises(ConfigurationError, match="not a bulk checkpoint"):
        await FileCheckpointStore(path).load()


async def test_memory_store_keeps_a_json_copy() -> None:
    store = MemoryCheckpointStore()
    state = STATE.to_json()
    await store.save(state)
    state["done"].append("99")
    loaded = await store.load()
    assert loaded is not None
    assert loaded["done"] == ["1", "2"]
    assert store.saves == 1


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"format": "other/1"}, "not a bulk checkpoint"),
        ({"fingerprint": "0" * 64}, "different query"),
        ({"chains": [{"url": "x"}]}, "malformed"),
        ({"failed": [1]}, "malformed"),
    ],
)
def test_documents_of_other_queries_or_shapes_are_refused(
    change: dict[str, Any], match: str
) -> None:
    with pytest.raises(ConfigurationError, match=match):
        CheckpointState.from_json({**STATE.to_json(), **change}, fingerprint=STATE.fingerprint)


def test_open_store_accepts_paths_and_stores(tmp_path: Path) -> None:
    assert open_store(None) is None
    assert isinstance(open_store(str(tmp_path / "a")), FileCheckpointStore)
    assert isinstance(open_store(tmp_path / "a"), FileCheckpointStore)
    memory = MemoryCheckpointStore()
    assert open_store(memory) is memory
    with pytest.raises(ConfigurationError):
        open_store(42)


def test_earlier_failures_round_trip() -> None:
    response = httpx.Response(403, request=httpx.Request("GET", "http://x/"))
    original = PermissionDeniedError("GET http://x/: forbidden", response=response)
    saved = EarlierRunError.from_error(original).to_json()
    assert saved == {
        "error": "PermissionDeniedError",
        "status": 403,
        "message": "GET http://x/: forbidden",
    }
    again = EarlierRunError.from_json(saved)
    assert (again.error_type, again.status_code, str(again)) == (
        "PermissionDeniedError",
        403,
        "GET http://x/: forbidden",
    )
    assert EarlierRunError.from_error(again) is again
