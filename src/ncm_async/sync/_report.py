"""What a sync run tells its caller."""

from __future__ import annotations

import attrs

from ncm_async.errors import NcmError
from ncm_async.sync._positions import Position


@attrs.frozen
class SyncReport:
    """One sync run of one endpoint.

    Attributes:
        endpoint: The endpoint (and table) synced.
        new_records: Rows that were not in the database before this run.
        received: Records fetched (re-read ones included: overlap, resumed pages).
        deleted: Snapshot rows the account no longer has, deleted at the end.
        requests: HTTP attempts of this run (retries included).
        retries: Attempts that were retries.
        throttles: Throttled responses.
        elapsed: Seconds, on the client's clock.
        failed: Ids that failed for good (their positions did not move).
        ids_total: Ids synced (0 for a whole listing).
        resumed: The run continued one that was interrupted.
        positions: Each id's position once the run ended (time-series endpoints).
    """

    endpoint: str
    new_records: int = 0
    received: int = 0
    deleted: int = 0
    requests: int = 0
    retries: int = 0
    throttles: int = 0
    elapsed: float = 0.0
    failed: dict[str, NcmError] = attrs.field(factory=dict)
    ids_total: int = 0
    resumed: bool = False
    positions: dict[str, Position] = attrs.field(factory=dict, repr=False)
