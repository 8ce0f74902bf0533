"""Running one coroutine per account: in one process, or one job per account on workers.

Each account gets its own :class:`~ncm_async.AsyncNcmClient` (its own pool,
limiter and stats), so one account's throttling never slows another, and its
own :class:`AccountReport`. An :class:`~ncm_async.errors.NcmError` ends that
account's report (the others carry on); any other exception is a bug and
propagates, cancelling the rest.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Generic, TypeVar

import anyio
import attrs

from ncm_async._client import AsyncNcmClient
from ncm_async.accounts._account import Account
from ncm_async.errors import ConfigurationError, NcmError
from ncm_async.ratelimit import LimiterStore, RedisLimiterStore

__all__ = ["AccountJob", "AccountPool", "AccountReport", "run_account"]

T = TypeVar("T")

AccountJob = Callable[[AsyncNcmClient, Account], Awaitable[T]]
"""What runs for each account: ``async def job(ncm, account) -> T``."""


@attrs.frozen
class AccountReport(Generic[T]):
    """How one account's job went.

    Attributes:
        account: The account's name.
        value: What the job returned (None when it failed).
        error: The NcmError that ended it, or None.
        requests: Requests the account's client sent (retries included).
        retries: Of those, retries.
        throttles: Throttled responses (429, v3 throttling 409).
        elapsed: Seconds from the client's opening to its closing.
    """

    account: str
    value: T | None
    error: NcmError | None
    requests: int
    retries: int
    throttles: int
    elapsed: float

    @property
    def ok(self) -> bool:
        """Whether the job finished without an error."""
        return self.error is None


async def run_account(
    account: Account,
    job: AccountJob[T],
    *,
    limiter_store: LimiterStore | None = None,
    **client_options: Any,
) -> AccountReport[T]:
    """Run ``job`` on a fresh client for ``account`` and report (what a worker's job calls).

    Args:
        account: Whose credentials and budget to use.
        job: ``async def job(ncm, account)``.
        limiter_store: Shares the account's budget with other processes (e.g. a
            :class:`~ncm_async.ratelimit.RedisLimiterStore` named after the account).
        **client_options: More :class:`~ncm_async.AsyncNcmClient` arguments.
    """
    client = account.client(limiter_store=limiter_store, **client_options)
    started = anyio.current_time()
    value: T | None = None
    error: NcmError | None = None
    async with client as ncm:
        try:
            value = await job(ncm, account)
        except NcmError as exc:
            error = exc
    stats = client.stats
    return AccountReport(
        account=account.name,
        value=value,
        error=error,
        requests=stats.requests,
        retries=stats.retries,
        throttles=stats.throttles,
        elapsed=anyio.current_time() - started,
    )


class AccountPool:
    """Runs a job for every account in this process, ``concurrency`` accounts at a time.

    Args:
        accounts: The accounts; names must be unique.
        concurrency: Accounts worked on at once (each also has its own request
            concurrency, from its ``rate_limit``).
        redis_url: Share each account's budget with every other process using
            the same URL: one :class:`RedisLimiterStore` per account, namespaced
            ``namespace_prefix + account.name``.
        namespace_prefix: Prefix of the per-account Redis namespaces.
        **client_options: More :class:`~ncm_async.AsyncNcmClient` arguments for
            every account's client (``retry=``, ``timeout=``...).

    Raises:
        ConfigurationError: No accounts, duplicate names, a bad concurrency.
    """

    def __init__(
        self,
        accounts: Iterable[Account],
        *,
        concurrency: int = 4,
        redis_url: str | None = None,
        namespace_prefix: str = "",
        **client_options: Any,
    ) -> None:
        self.accounts = list(accounts)
        if not self.accounts or not all(isinstance(a, Account) for a in self.accounts):
            msg = "AccountPool needs one or more Account objects"
            raise ConfigurationError(msg)
        names = [a.name for a in self.accounts]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            msg = f"account names must be unique: {', '.join(duplicates)} repeated"
            raise ConfigurationError(msg)
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            msg = f"concurrency must be a positive whole number, got {concurrency!r}"
            raise ConfigurationError(msg)
        self.concurrency = concurrency
        self._store: Callable[[Account], RedisLimiterStore] | None = None
        if redis_url is not None:
            RedisLimiterStore.from_url(redis_url, namespace="check")  # validates, no I/O
            url = redis_url

            def store(account: Account) -> RedisLimiterStore:
                return RedisLimiterStore.from_url(url, namespace=namespace_prefix + account.name)

            self._store = store
        self._client_options = client_options

    def __repr__(self) -> str:
        return f"AccountPool({len(self.accounts)} accounts, concurrency={self.concurrency})"

    async def run(
        self,
        job: AccountJob[T],
        *,
        on_report: Callable[[AccountReport[T]], object] | None = None,
    ) -> dict[str, AccountReport[T]]:
        """Run ``job`` for every account; one report each, in the accounts' order.

        Args:
            job: ``async def job(ncm, account)``.
            on_report: Called with each report as its account finishes.
        """
        reports: dict[str, AccountReport[T]] = {}
        limiter = anyio.CapacityLimiter(self.concurrency)

        async def one(account: Account) -> None:
            async with limiter:
                store = self._store(account) if self._store is not None else None
                try:
                    report = await run_account(
                        account, job, limiter_store=store, **self._client_options
                    )
                finally:
                    if store is not None:
                        await store.aclose()
            reports[account.name] = report
            if on_report is not None:
                on_report(report)

        async with anyio.create_task_group() as tg:
            for account in self.accounts:
                tg.start_soon(one, account)
        return {a.name: reports[a.name] for a in self.accounts}
