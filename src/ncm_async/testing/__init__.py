"""A faithful fake NetCloud Manager (API v2 + v3) for tests, benchmarks and demos.

Use it in-process through httpx's ASGI transport::

    sim = NcmSimulator(routers=1000, seed=0)
    transport = httpx.ASGITransport(app=sim.app)
    async with httpx.AsyncClient(transport=transport, base_url=sim.base_url_v2) as http:
        ...

or over loopback with :func:`ncm_async.testing.server.running`. It serves a
seeded, deterministic fleet with the documented paging, filters, errors and
throttling; :meth:`NcmSimulator.ground_truth` says what a correct client must
receive for any query. It learns the API from the docs vendored in ``data/``,
never from the client it tests. :class:`FaultPlan` injects faults and
:class:`AdversaryPlan` hostile server behaviour, both off by default.
"""

from ncm_async.testing.adversary import AdversaryPlan, Trickle
from ncm_async.testing.faults import FaultPlan
from ncm_async.testing.ratelimit import SimRateLimit
from ncm_async.testing.simulator import NcmSimulator, RecordedRequest, SimCounters

__all__ = [
    "NcmSimulator",
    "SimRateLimit",
    "FaultPlan",
    "AdversaryPlan",
    "Trickle",
    "RecordedRequest",
    "SimCounters",
]
