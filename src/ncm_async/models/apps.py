"""NCOS SDK applications (v2 ``device_apps``, ``device_app_versions``,
``device_app_bindings``, ``device_app_states``)."""

from __future__ import annotations

from datetime import datetime

import attrs

from ncm_async.models.base import LinkId, Record

__all__ = ["DeviceApp", "DeviceAppBinding", "DeviceAppState", "DeviceAppVersion"]


@attrs.define(kw_only=True)
class DeviceApp(Record):
    """An uploaded SDK application (``device_apps``); ``uuid`` is a UUID string
    although the table types it ``int``."""

    account: str | None = None
    created_at: datetime | None = None
    description: str | None = None
    id: str | None = None
    name: str | None = None
    resource_url: str | None = None
    updated_at: datetime | None = None
    uuid: str | None = None

    account_id = LinkId("account")


@attrs.define(kw_only=True)
class DeviceAppVersion(Record):
    """One version of an application (``device_app_versions``); ``version`` is a
    string such as ``"1.0.0"`` although the table types it ``int``."""

    account: str | None = None
    app: str | None = None
    created_at: datetime | None = None
    id: str | None = None
    resource_url: str | None = None
    state: str | None = None
    state_details: str | None = None
    updated_at: datetime | None = None
    version: str | None = None

    account_id = LinkId("account")
    app_id = LinkId("app")


@attrs.define(kw_only=True)
class DeviceAppBinding(Record):
    """An application version assigned to a group (``device_app_bindings``)."""

    account: str | None = None
    app_version: str | None = None
    created_at: datetime | None = None
    group: str | None = None
    id: str | None = None
    resource_url: str | None = None
    state: str | None = None
    updated_at: datetime | None = None

    account_id = LinkId("account")
    app_version_id = LinkId("app_version")
    group_id = LinkId("group")


@attrs.define(kw_only=True)
class DeviceAppState(Record):
    """An application version's state on one router (``device_app_states``)."""

    account: str | None = None
    app_version: str | None = None
    created_at: datetime | None = None
    id: str | None = None
    resource_url: str | None = None
    router: str | None = None
    state: str | None = None
    updated_at: datetime | None = None

    account_id = LinkId("account")
    app_version_id = LinkId("app_version")
    router_id = LinkId("router")
