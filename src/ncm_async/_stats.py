"""Counters of what one client did, readable by tools (the CLI summary, progress)."""

from __future__ import annotations

from contextvars import ContextVar

import attrs


@attrs.define
class ClientStats:
    """Live counters of one client; copy with :meth:`snapshot` to report.

    Attributes:
        requests: Attempts sent (each retry counts).
        responses: Responses received, any status.
        retries: Attempts that were retries.
        throttles: Throttled responses (v2 429, v3 throttling 409).
        errors: Requests that failed for good (after their retries).
        bytes_received: Response body bytes.
    """

    requests: int = 0
    responses: int = 0
    retries: int = 0
    throttles: int = 0
    errors: int = 0
    bytes_received: int = 0

    def snapshot(self) -> ClientStats:
        """A copy that no longer changes."""
        return attrs.evolve(self)


SCOPE: ContextVar[ClientStats | None] = ContextVar("ncm_async_stats_scope", default=None)
"""Extra counters for the requests made in the current task (and tasks it starts).

The bulk layer sets it in its workers so a pull's report counts exactly its own
requests, even while other tasks share the client.
"""


def counters(client_stats: ClientStats) -> tuple[ClientStats, ...]:
    """The counters a request in the current context adds to."""
    scoped = SCOPE.get()
    return (client_stats,) if scoped is None or scoped is client_stats else (client_stats, scoped)
