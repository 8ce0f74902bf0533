"""Many accounts: each with its own credentials, its own budget and its own report.

An MSP pulling from hundreds of customer accounts describes each as an
:class:`Account` and runs one coroutine per account, either all in one process
(:class:`AccountPool`, a bounded number of accounts at a time) or spread over
worker processes of a job engine (:func:`run_account` inside each job; see the
README's arq example). With a Redis URL, each account's budget is shared by
every process working on that account, through a
:class:`~ncm_async.ratelimit.RedisLimiterStore` named after it.
"""

from ncm_async.accounts._account import Account
from ncm_async.accounts._pool import AccountJob, AccountPool, AccountReport, run_account

__all__ = ["Account", "AccountPool", "AccountReport", "AccountJob", "run_account"]
