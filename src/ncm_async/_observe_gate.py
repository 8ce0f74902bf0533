"""Whether a request is observed at all: the per-request check, kept out of :mod:`.observe`.

The transport imports this small module; :mod:`ncm_async.observe` (the event
classes) loads only once hooks are given or a tracer provider is configured.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ncm_async._request import ApiRequest
    from ncm_async.observe import EventHooks, Observation

_TRACERS: dict[int, tuple[Any, Any]] = {}


def active_tracer() -> Any:
    """The ``ncm_async`` tracer of the configured provider, or None (nothing configured).

    Cheap when tracing is off: one ``sys.modules`` lookup when ``opentelemetry``
    was never imported; otherwise the global provider is checked on each call, so
    a provider configured after the client was made is honoured.
    """
    trace = sys.modules.get("opentelemetry.trace")
    if trace is None:
        return None
    provider = trace.get_tracer_provider()
    if isinstance(provider, trace.ProxyTracerProvider | trace.NoOpTracerProvider):
        return None
    cached = _TRACERS.get(id(provider))
    if cached is not None and cached[0] is provider:
        return cached[1]
    tracer = provider.get_tracer("ncm_async")
    _TRACERS.clear()
    _TRACERS[id(provider)] = (provider, tracer)
    return tracer


def observe(request: ApiRequest, hooks: EventHooks | None) -> Observation | None:
    """An :class:`Observation` for ``request``, or None when nothing listens."""
    tracer = active_tracer()
    if tracer is None and hooks is None:
        return None
    from ncm_async.observe import Observation

    return Observation(request, hooks, tracer)
