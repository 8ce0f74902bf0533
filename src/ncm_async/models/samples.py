"""Time-series samples (v2 ``router_state_samples``, ``router_stream_usage_samples``,
``net_device_signal_samples``, ``net_device_usage_samples``).

These are the bulk of a fleet pull, so the models are flat and carry no nested
types: structuring one costs about as much as parsing its JSON.
"""

from __future__ import annotations

import attrs

from ncm_async.models.base import LinkId, TimeSeriesRecord

__all__ = [
    "NetDeviceSignalSample",
    "NetDeviceUsageSample",
    "RouterStateSample",
    "RouterStreamUsageSample",
]


@attrs.define(kw_only=True)
class RouterStateSample(TimeSeriesRecord):
    """A router's connection state over a period (``router_state_samples``)."""

    period: float | None = None
    router: str | None = None
    state: str | None = None

    router_id = LinkId("router")


@attrs.define(kw_only=True)
class RouterStreamUsageSample(TimeSeriesRecord):
    """Bytes a router moved over a period (``router_stream_usage_samples``)."""

    bytes_in: int | None = None
    bytes_out: int | None = None
    period: float | None = None
    router: str | None = None
    uptime: float | None = None

    router_id = LinkId("router")


@attrs.define(kw_only=True)
class NetDeviceSignalSample(TimeSeriesRecord):
    """A modem's radio signal at one time (``net_device_signal_samples``)."""

    cinr: float | None = None
    dbm: int | None = None
    ecio: int | None = None
    net_device: str | None = None
    rsrp: float | None = None
    rsrp5g: float | None = None
    rsrp5g_highband: float | None = None
    rsrq: float | None = None
    rsrq5g: float | None = None
    rsrq5g_highband: float | None = None
    rssi: int | None = None
    rssnr: int | None = None
    signal_percent: int | None = None
    sinr: float | None = None
    sinr5g: float | None = None
    sinr5g_highband: float | None = None
    uptime: float | None = None

    net_device_id = LinkId("net_device")


@attrs.define(kw_only=True)
class NetDeviceUsageSample(TimeSeriesRecord):
    """Bytes a net device moved over a period (``net_device_usage_samples``)."""

    bytes_in: int | None = None
    bytes_out: int | None = None
    net_device: str | None = None
    period: float | None = None
    uptime: float | None = None

    net_device_id = LinkId("net_device")
