"""Alerts and push alerting (v2 ``alerts``, ``router_alerts``, ``alert_rules``,
``alert_push_destinations``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from ncm_async.models.base import LinkId, Record, TimeSeriesRecord

__all__ = ["Alert", "AlertPushDestination", "AlertRule", "RouterAlert"]


@attrs.define(kw_only=True)
class Alert(TimeSeriesRecord):
    """An account or router alert (``alerts``). ``info`` is the alert's own JSON
    (its ``time`` is ``["2020-12-07 17:44:18", "UTC"]``), kept as sent."""

    account: str | None = None
    detected_at: datetime | None = None
    friendly_info: str | None = None
    info: Any = None
    router: str | None = None
    type: str | None = None

    account_id = LinkId("account")
    router_id = LinkId("router")


@attrs.define(kw_only=True)
class RouterAlert(TimeSeriesRecord):
    """A router's alert (``router_alerts``)."""

    detected_at: datetime | None = None
    friendly_info: str | None = None
    info: Any = None
    router: str | None = None
    type: str | None = None

    router_id = LinkId("router")


@attrs.define(kw_only=True)
class AlertRule(Record):
    """Which alerts go where, and when (``alert_rules``).

    ``alert_config_id`` is a timeuuid although the table types it ``url``;
    ``schedule`` is ``"daily"``/``"hourly"``/None although typed ``timestamp``.
    """

    account: str | None = None
    alert_config_id: str | None = None
    associated_accounts: list[int] | None = None
    associated_groups: list[int] | None = None
    email_destinations: list[int] | None = None
    external_rules: Any = None
    filter_criteria: dict[str, Any] | None = None
    http_destinations: list[str] | None = None
    last_summary_ts: datetime | None = None
    resource_url: str | None = None
    schedule: str | None = None
    settings: Any = None
    updated_at: datetime | None = None

    account_id = LinkId("account")


@attrs.define(kw_only=True)
class AlertPushDestination(Record):
    """A webhook receiving pushed alerts (``alert_push_destinations``); GET masks
    the secret as ``{"secret": "*"}``."""

    account: str | None = None
    authentication: dict[str, Any] | None = None
    destination_config_id: str | None = None
    enabled: bool | None = None
    endpoint: dict[str, Any] | None = None
    last_error_at: datetime | None = None
    last_error_text: str | None = None
    name: str | None = None
    resource_url: str | None = None
    suspended: bool | None = None
    updated_at: datetime | None = None

    account_id = LinkId("account")
