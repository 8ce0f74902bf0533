"""Per-router and per-net_device time-series, generated lazily and deterministically.

Every record's ``created_at_timeuuid`` is a real version-1 UUID whose time is the
record's ``created_at`` (router_logs excepted: its docs example uses
``<time>_<sequence>`` text, so it does too). Rates are per day at ``density=1``;
"busy" routers report more than 500 state samples over the default 7-day window
so paging is exercised, "quiet" routers report nothing.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ncm_async.testing.links import iso, iso_seconds, iso_z
from ncm_async.testing.tables import Row
from ncm_async.testing.templates import ACCOUNT_ALERTS, ALERT_INFO, LOG_LINES
from ncm_async.testing.timeuuid import log_key, ticks, timeuuid

if TYPE_CHECKING:
    from ncm_async.testing.fleet import Fleet

_MICRO = timedelta(microseconds=1)
_ALERT_TYPES = tuple(ALERT_INFO)
Times = list[datetime] | None


def moments(fleet: Fleet, rng: random.Random, per_day: float, *, periodic: bool) -> list[datetime]:
    """Ascending sample times over the fleet's window, ``per_day`` on average."""
    span = int(fleet.window / _MICRO)
    count = round(per_day * fleet.density * fleet.window / timedelta(days=1))
    if count <= 0:
        return []
    start = fleet.now - fleet.window
    if periodic:
        step = span // count
        offsets = [k * step + rng.randrange(step // 20 + 1) for k in range(count)]
    else:
        offsets = sorted(rng.randrange(span) for _ in range(count))
    return [start + timedelta(microseconds=o) for o in offsets]


def _rate(
    fleet: Fleet, router_id: str | None, rng: random.Random, rates: tuple[float, float, float]
) -> float:
    """Samples per day for the router's profile: ``rates = (low, high, busy)``."""
    profile = fleet.profiles.get(router_id or "", "quiet")
    if profile == "quiet":
        return 0.0
    low, high, busy = rates
    return busy if profile == "busy" else rng.uniform(low, high)


def _uuid(moment: datetime, rng: random.Random, node: int) -> str:
    return str(timeuuid(moment, rng.getrandbits(14), node))


def _node(rng: random.Random) -> int:
    return rng.getrandbits(48) | 1 << 40


def _row(data: dict[str, Any], moment: datetime, text: str, **hidden: Any) -> Row:
    return Row(data, (ticks(moment), text), hidden or None)


def state_samples(fleet: Fleet, owner: str, rng: random.Random, times: Times = None) -> list[Row]:
    """Online/offline changes; the newest one agrees with the router's ``state``."""
    router = fleet.router(owner) or {}
    if times is None:
        times = moments(fleet, rng, _rate(fleet, owner, rng, (2, 15, 120)), periodic=False)
    return state_rows(fleet, owner, times, rng, last_state=router.get("state", "online"))


def state_rows(
    fleet: Fleet, owner: str, times: list[datetime], rng: random.Random, last_state: str
) -> list[Row]:
    """Build state samples at ``times``, alternating back from ``last_state``."""
    node, url, rows = _node(rng), fleet.urls.v2("routers", owner), []
    flip = {"online": "offline", "offline": "online"}
    state = flip.get(last_state, "online") if len(times) % 2 else last_state
    previous: datetime | None = None
    for moment in times:
        state = flip.get(state, "online")
        period = (moment - previous).total_seconds() if previous else rng.uniform(60, 3600)
        text = _uuid(moment, rng, node)
        data = {"created_at": iso(moment), "created_at_timeuuid": text, "period": period}
        data |= {"router": url, "state": state}
        rows.append(_row(data, moment, text))
        previous = moment
    return rows


def stream_usage_samples(
    fleet: Fleet, owner: str, rng: random.Random, times: Times = None
) -> list[Row]:
    """Hourly client-traffic totals of a router."""
    if times is None:
        times = moments(fleet, rng, _rate(fleet, owner, rng, (24, 24, 96)), periodic=True)
    node, url, rows = _node(rng), fleet.urls.v2("routers", owner), []
    uptime = rng.uniform(1000, 10**6)
    for moment in times:
        period = rng.uniform(3600, 3700)
        uptime += period
        text = _uuid(moment, rng, node)
        data = {
            "bytes_in": rng.randrange(10**6),
            "bytes_out": rng.randrange(10**6),
            "created_at": iso(moment),
            "created_at_timeuuid": text,
            "period": period,
            "router": url,
            "uptime": uptime,
        }
        rows.append(_row(data, moment, text))
    return rows


def _alert_events(fleet: Fleet, owner: str, times: Times) -> list[tuple[datetime, str, str, int]]:
    rng = fleet.rng("alerts", owner)
    if times is None:
        times = moments(fleet, rng, _rate(fleet, owner, rng, (0.5, 4, 30)), periodic=False)
    node = _node(rng)
    return [(m, _uuid(m, rng, node), rng.choice(_ALERT_TYPES), rng.randrange(1, 4)) for m in times]


def _alert(fleet: Fleet, owner: str, event: tuple[datetime, str, str, int]) -> dict[str, Any]:
    moment, text, kind, lag = event
    detected = moment - timedelta(seconds=lag)
    friendly, info_type = ALERT_INFO[kind]
    stamp = detected.strftime("%Y-%m-%d %H:%M:%S")
    return {
        "created_at": iso(moment),
        "created_at_timeuuid": text,
        "detected_at": iso_seconds(detected),
        "friendly_info": friendly.format(ip="127.0.0.1"),
        "info": {"alert_type": kind, "time": [stamp, "UTC"], "type": info_type},
        "router": fleet.urls.v2("routers", owner),
        "type": kind,
    }


def router_alerts(fleet: Fleet, owner: str, rng: random.Random, times: Times = None) -> list[Row]:
    """A router's alerts (the same events as ``alerts``, without ``account``)."""
    return [_row(_alert(fleet, owner, e), e[0], e[1]) for e in _alert_events(fleet, owner, times)]


def alerts(fleet: Fleet, owner: str, rng: random.Random, times: Times = None) -> list[Row]:
    """Account-wide alerts: router alerts (``account`` null, as documented) per router;
    owner ``""`` holds account alerts (``router`` null)."""
    if owner:
        return [
            _row({"account": None, **_alert(fleet, owner, e)}, e[0], e[1])
            for e in _alert_events(fleet, owner, times)
        ]
    node, rows = _node(rng), []
    for moment in moments(fleet, rng, 2, periodic=False) if times is None else times:
        text, kind = _uuid(moment, rng, node), rng.choice(ACCOUNT_ALERTS)
        data = {
            "account": fleet.urls.v2("accounts", fleet.root_account_id),
            "created_at": iso(moment),
            "created_at_timeuuid": text,
            "detected_at": iso_seconds(moment),
            "friendly_info": f"Account alert: {kind}",
            "info": {"type": kind},
            "router": None,
            "type": kind,
        }
        rows.append(_row(data, moment, text))
    return rows


def router_logs(fleet: Fleet, owner: str, rng: random.Random, times: Times = None) -> list[Row]:
    """Log lines in bursts sharing one ``created_at`` and counting up ``sequence``."""
    if times is None:
        times = moments(fleet, rng, _rate(fleet, owner, rng, (2, 8, 40)), periodic=False)
    url, rows = fleet.urls.v1("routers", owner), []
    for moment in times:
        reported = iso_seconds(moment - timedelta(seconds=rng.randrange(1, 600)))
        for seq in range(rng.randint(1, 4)):
            source, level, message = rng.choice(LOG_LINES)
            text = f"{moment.replace(tzinfo=None).isoformat(timespec='microseconds')}_{seq}"
            data = {
                "created_at": iso(moment),
                "created_at_timeuuid": text,
                "exception": None,
                "level": level,
                "message": message.format(fw="7.24.10", port="mdm"),
                "reported_at": reported,
                "router": url,
                "sequence": seq,
                "source": source,
            }
            rows.append(Row(data, log_key(text)))
    return rows


def historical_locations(
    fleet: Fleet, owner: str, rng: random.Random, times: Times = None
) -> list[Row]:
    """GPS fixes of routers with GPS (``Z`` timestamps, as in the docs)."""
    if owner not in fleet.gps_router_ids:
        return []
    if times is None:
        times = moments(fleet, rng, _rate(fleet, owner, rng, (24, 48, 150)), periodic=True)
    node, rows = _node(rng), []
    lat, lon = rng.uniform(30, 48), rng.uniform(-120, -75)
    for moment in times:
        lat, lon = lat + rng.uniform(-0.01, 0.01), lon + rng.uniform(-0.01, 0.01)
        text = _uuid(moment, rng, node)
        data = {
            "created_at": iso_z(moment),
            "ecio": None,
            "rfband_5g": None,
            "rsrq_5g": None,
            "net_device_name": "mdm-int1",
            "rsrq": rng.randint(-20, -5),
            "mph": round(rng.uniform(0, 70), 2),
            "signal_percent": rng.randint(20, 100),
            "sinr": round(rng.uniform(-5, 30), 1),
            "longitude": round(lon, 5),
            "dbm": rng.randint(-110, -60),
            "rfband": "B13",
            "created_at_timeuuid": text,
            "latitude": round(lat, 5),
            "cinr": None,
            "carrier_id": "Verizon",
            "sinr_5g": None,
            "rsrp_5g": None,
            "summary": "connected",
            "rssi": None,
            "rsrp": rng.randint(-120, -80),
            "accuracy": rng.randint(1, 20),
        }
        rows.append(_row(data, moment, text, router=owner))
    return rows


def signal_samples(fleet: Fleet, owner: str, rng: random.Random, times: Times = None) -> list[Row]:
    """Hourly radio measurements of a modem."""
    row = fleet.table("net_devices").get(owner)
    if row is None or row.data["type"] != "mdm":
        return []
    router = fleet.net_device_owner(owner)
    if times is None:
        times = moments(fleet, rng, _rate(fleet, router, rng, (24, 24, 96)), periodic=True)
    node, url, rows = _node(rng), fleet.urls.v2("net_devices", owner), []
    for moment in times:
        text = _uuid(moment, rng, node)
        data: dict[str, Any] = {
            "cinr": None,
            "created_at": iso(moment),
            "created_at_timeuuid": text,
        }
        data |= {"dbm": rng.randint(-110, -60), "ecio": None, "net_device": url}
        data |= {"rsrp": rng.randint(-120, -80), "rsrp5g": None, "rsrp5g_highband": None}
        data |= {"rsrq": rng.randint(-20, -5), "rsrq5g": None, "rsrq5g_highband": None}
        data |= {"rssi": None, "rssnr": None, "signal_percent": rng.randint(20, 100)}
        data |= {"sinr": round(rng.uniform(-5, 30), 1), "sinr5g": None, "sinr5g_highband": None}
        data["uptime"] = rng.randrange(10**6)
        rows.append(_row(data, moment, text))
    return rows


def net_device_usage_samples(
    fleet: Fleet, owner: str, rng: random.Random, times: Times = None
) -> list[Row]:
    """Hourly traffic totals of a net_device."""
    router = fleet.net_device_owner(owner)
    if times is None:
        times = moments(fleet, rng, _rate(fleet, router, rng, (24, 24, 96)), periodic=True)
    node, url, rows = _node(rng), fleet.urls.v2("net_devices", owner), []
    uptime = rng.uniform(1000, 10**6)
    for moment in times:
        period = rng.uniform(1800, 3700)
        uptime += period
        text = _uuid(moment, rng, node)
        data = {
            "bytes_in": rng.randrange(10**8),
            "bytes_out": rng.randrange(10**8),
            "created_at": iso(moment),
            "created_at_timeuuid": text,
            "net_device": url,
            "period": period,
            "uptime": uptime,
        }
        rows.append(_row(data, moment, text))
    return rows
