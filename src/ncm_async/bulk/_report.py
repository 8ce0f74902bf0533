"""What a bulk pull tells its caller: the report, progress snapshots, map results."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, NamedTuple, TypeVar

import attrs

from ncm_async.errors import NcmError

T = TypeVar("T")
V = TypeVar("V")

ProgressHook = Callable[["BulkProgress"], None]

PROGRESS_INTERVAL = 0.2
"""Seconds between two progress calls (a terminal redraws no faster)."""


class EarlierRunError(NcmError):
    """An id that failed in an earlier run of a resumed pull (its error is not repeated).

    Attributes:
        error_type: Class name of the original error (``PermissionDeniedError``).
        status_code: Its HTTP status, when it had one.
    """

    def __init__(self, message: str, *, error_type: str, status_code: int | None) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.status_code = status_code

    def to_json(self) -> dict[str, Any]:
        """The JSON form a checkpoint stores."""
        return {"error": self.error_type, "status": self.status_code, "message": str(self)}

    @classmethod
    def from_error(cls, error: NcmError) -> EarlierRunError:
        """The record of ``error`` for a checkpoint."""
        if isinstance(error, EarlierRunError):
            return error
        status = getattr(error, "status_code", None)
        return cls(str(error), error_type=type(error).__name__, status_code=status)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EarlierRunError:
        """Read what :meth:`to_json` wrote."""
        status = data.get("status")
        return cls(
            str(data.get("message", "")),
            error_type=str(data.get("error", "NcmError")),
            status_code=status if isinstance(status, int) else None,
        )


@attrs.frozen
class BulkReport:
    """Counts of one bulk pull: live while it runs (each read is a fresh snapshot), final after.

    ``requests``, ``retries`` and ``throttles`` are the client's counters since
    the pull started: other work on the same client during the pull counts too.

    Attributes:
        requests: HTTP attempts sent (retries included).
        records: Records yielded to the consumer.
        retries: Attempts that were retries.
        throttles: Throttled responses (429, v3 throttling 409).
        elapsed: Seconds since the pull started, on the client's clock.
        failed: Ids that failed for good, with their error (bisected down to the id).
        ids_total: Distinct ids asked for.
        ids_done: Ids finished, successfully or not (earlier runs of a resumed pull included).
    """

    requests: int = 0
    records: int = 0
    retries: int = 0
    throttles: int = 0
    elapsed: float = 0.0
    failed: dict[str, NcmError] = attrs.field(factory=dict)
    ids_total: int = 0
    ids_done: int = 0

    def progress(self, current_rate: float) -> BulkProgress:
        """This report as the small snapshot a progress display reads."""
        return BulkProgress(
            ids_total=self.ids_total,
            ids_done=self.ids_done,
            records=self.records,
            requests=self.requests,
            retries=self.retries,
            throttles=self.throttles,
            failed=len(self.failed),
            elapsed=self.elapsed,
            current_rate=current_rate,
        )


@attrs.frozen
class BulkProgress:
    """A pull's counts at one instant, for a progress bar (cheap to build, never changes).

    Attributes:
        current_rate: The client limiter's rate in requests/minute (it adapts on throttling).
        failed: How many ids failed so far.
    """

    ids_total: int
    ids_done: int
    records: int
    requests: int
    retries: int
    throttles: int
    failed: int
    elapsed: float
    current_rate: float


@attrs.frozen
class BulkResult(Generic[V]):
    """What :meth:`Bulk.map` returns: both dicts keyed by id string, in input order.

    Attributes:
        ok: Each successful id's return value.
        errors: Each failed id's error.
    """

    ok: dict[str, V] = attrs.field(factory=dict)
    errors: dict[str, NcmError] = attrs.field(factory=dict)


class IdGroup(NamedTuple, Generic[T]):
    """All records of one id, as yielded with ``group_by_id=True`` (``rid, records = group``)."""

    id: str
    records: list[T]
