"""The client a ``pull`` talks through: real credentials from the environment, or the simulator.

``--simulate`` builds an in-process :class:`~ncm_async.testing.NcmSimulator`
(no sockets). Its default is *no throttling*, with the client's limiter opened
up to match, so the README demo over 2,000 routers takes seconds; pass
``--sim-rate-limit 500/min`` to feel the real account budget. The simulator's
``now`` is pinned and stored in the checkpoint, so ``--resume --simulate``
continues over the very same data.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

from ncm_async._client import AsyncNcmClient
from ncm_async._config import ENV_V2_KEYS, ENV_V3_TOKEN, RateLimit
from ncm_async._env import read_env
from ncm_async.cli.specs import FaultSpec
from ncm_async.cli.timespec import format_rate
from ncm_async.ratelimit import LimiterStore
from ncm_async.testing import NcmSimulator, SimRateLimit

UNLIMITED_PER_MINUTE = 1_000_000.0
"""Stand-in for "no client-side budget" (RateLimit needs a positive number)."""

NO_CREDENTIALS = (
    f"no NCM credentials: set {', '.join(ENV_V2_KEYS[:-1])} and {ENV_V2_KEYS[-1]}"
    f" (v2; {ENV_V3_TOKEN} for v3 endpoints), or add --simulate to pull from the built-in"
    " simulator"
)


class CliError(Exception):
    """A failure to report as one line on stderr, with its exit status (no traceback)."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


@attrs.frozen
class SimSettings:
    """``--simulate`` and its ``--sim-*`` options."""

    routers: int = 1000
    seed: int = 0
    rate_limit: float | None = None
    burst: int | None = None
    latency: float = 0.0
    faults: FaultSpec = attrs.field(factory=FaultSpec)
    now: datetime | None = None

    def build(self, **extra: Any) -> NcmSimulator:
        """The simulator these settings describe (failing routers are picked from its fleet).

        Args:
            **extra: More ``NcmSimulator`` arguments (``v2_keys=``, ``v3_token=``).
        """
        now = self.now or datetime.now(UTC)
        plan = None
        if self.faults != FaultSpec():
            fleet = NcmSimulator(routers=self.routers, seed=self.seed, now=now).fleet
            plan = self.faults.plan(fleet.router_ids)
        return NcmSimulator(
            routers=self.routers,
            seed=self.seed,
            now=now,
            rate_limit=self._rate_limit(),
            latency=self.latency,
            faults=plan,
            **extra,
        )

    def _rate_limit(self) -> SimRateLimit | None:
        if not self.rate_limit:
            return None
        if self.burst is None:
            return SimRateLimit(self.rate_limit)
        return SimRateLimit(self.rate_limit, burst=self.burst)

    def describe(self) -> str:
        """One line saying what is being simulated."""
        return (
            f"simulator: {self.routers:,} routers, seed {self.seed}, "
            f"rate limit {format_rate(self.rate_limit)}, faults {self.faults.describe()}"
        )


def client_rate_limit(per_minute: float | None, concurrency: int) -> RateLimit:
    """The client's budget; ``None`` (``off``) opens the limiter all the way."""
    if per_minute is None:
        return RateLimit(
            requests_per_minute=UNLIMITED_PER_MINUTE,
            max_concurrency=concurrency,
            burst=10_000,
            adaptive=False,
        )
    return RateLimit(
        requests_per_minute=per_minute,
        max_concurrency=concurrency,
        min_requests_per_minute=min(10.0, per_minute),
    )


def build_client(
    *,
    sim: SimSettings | None,
    rate_limit: float | None,
    concurrency: int,
    environ: Mapping[str, str] | None = None,
    limiter_store: LimiterStore | None = None,
) -> tuple[AsyncNcmClient, NcmSimulator | None]:
    """The client to pull through, and the simulator behind it when simulating.

    Raises:
        CliError: No credentials in the environment and no ``--simulate``.
        ConfigurationError: Credentials or URLs present but malformed.
    """
    limit = client_rate_limit(rate_limit, concurrency)
    if sim is not None:
        simulator = sim.build()
        return simulator.client(rate_limit=limit, limiter_store=limiter_store), simulator
    env = read_env(environ)
    if env.v2_keys is None and env.v3_token is None:
        raise CliError(NO_CREDENTIALS)
    return AsyncNcmClient.from_env(environ, rate_limit=limit, limiter_store=limiter_store), None
