"""Bulk fan-out: records of thousands of routers, fast, exact and resumable.

``ncm.bulk.list(...)`` batches ids into ``__in`` queries where the endpoint
allows it (one query per id elsewhere), follows every query's pages
concurrently through the client's shared rate limiter, streams records as they
arrive, isolates ids that fail (bisecting their batch) and can resume from a
checkpoint. ``ncm.bulk.map(...)`` runs any per-id coroutine the same way.
"""

from ncm_async.bulk._api import Bulk
from ncm_async.bulk._checkpoint import CheckpointStore, FileCheckpointStore, MemoryCheckpointStore
from ncm_async.bulk._redis_checkpoint import RedisCheckpointStore
from ncm_async.bulk._report import (
    BulkProgress,
    BulkReport,
    BulkResult,
    EarlierRunError,
    IdGroup,
)
from ncm_async.bulk._stream import BulkStream

__all__ = [
    "Bulk",
    "BulkStream",
    "BulkReport",
    "BulkResult",
    "BulkProgress",
    "IdGroup",
    "EarlierRunError",
    "CheckpointStore",
    "FileCheckpointStore",
    "MemoryCheckpointStore",
    "RedisCheckpointStore",
]
