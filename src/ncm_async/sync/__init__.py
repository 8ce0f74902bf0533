"""Incremental sync into a database: each run fetches only what is new, exactly once overall.

``await ncm.bulk.sync(ncm.v2.router_state_samples, key="router", ids=ids,
into="sqlite:///ncm.db", since=...)`` writes one table per endpoint (named as
the endpoint, one column per API field) and keeps each id's position in the
same database, committed in the same transaction as the records it covers.
Time-series endpoints continue from their positions; other endpoints are
mirrored as snapshots (upserts, and deletions of what the account no longer
has). See the README, "Incremental sync".
"""

from ncm_async.sync._api import run_sync
from ncm_async.sync._positions import Position
from ncm_async.sync._report import SyncReport
from ncm_async.sync._target import SyncLockedError, SyncTarget, open_target

__all__ = ["run_sync", "SyncReport", "Position", "SyncTarget", "SyncLockedError", "open_target"]
