"""Asyncio client SDK for the Cradlepoint NetCloud Manager (NCM) API, v2 and v3.

Everything a user imports or annotates with is here: the clients, their
policies, paginators and pages, bulk streams and reports, the record models and
the errors (``tests/test_public_api.py`` pins the list). Modules whose names
start with ``_`` are private; the public modules are this one, ``errors``,
``models``, ``bulk``, ``ratelimit``, ``clock``, ``converter``, ``webhooks``,
``testing`` and ``sync``.

``import ncm_async`` loads only the errors: every other name loads its module on
first use (module ``__getattr__``), the client with its configuration, the blocking
client, paginators, bulk classes and record models each apart. So a script pays for
what it uses, and what imports a submodule without the client (pytest's
``pytest11`` entry point in every test run of an environment that has the SDK,
``ncm_async.models`` for annotations, ``ncm_async.errors``) pays nothing for httpx,
attrs or anyio. The public submodules are attributes on first use as well.
"""

import importlib
from typing import TYPE_CHECKING

from ncm_async.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CheckpointLockedError,
    ClientClosedError,
    ConfigurationError,
    ConflictError,
    NcmError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
    SharedStoreError,
)

if TYPE_CHECKING:
    from ncm_async._blocking import NcmClient
    from ncm_async._client import AsyncNcmClient
    from ncm_async._config import RateLimit, RetryPolicy, V2Keys
    from ncm_async._lifecycle import ClientState
    from ncm_async._paginator import Page, Paginator
    from ncm_async._secret import Secret
    from ncm_async.bulk import BulkProgress, BulkReport, BulkResult, BulkStream, IdGroup
    from ncm_async.models import (
        Account,
        ActivityLog,
        Alert,
        AlertPushDestination,
        AlertRule,
        AssetEndpointAttributes,
        Battery,
        ConfigurationManager,
        Deprecated,
        DeviceApp,
        DeviceAppBinding,
        DeviceAppState,
        DeviceAppVersion,
        ExchangeResourceAttributes,
        ExchangeSiteAttributes,
        Failover,
        Firmware,
        Group,
        HistoricalLocation,
        LinkId,
        Location,
        NetDevice,
        NetDeviceHealth,
        NetDeviceMetrics,
        NetDeviceSignalSample,
        NetDeviceUsageSample,
        Product,
        RebootActivity,
        Record,
        RegradeAttributes,
        Router,
        RouterAlert,
        RouterLan,
        RouterLog,
        RouterStateSample,
        RouterStreamUsageSample,
        SpeedTest,
        SubscriptionAttributes,
        TenantAttributes,
        TestAlertPushDestination,
        TimeSeriesRecord,
        User,
        UserAttributes,
        V3Resource,
    )

_LAZY: dict[str, str] = {
    "AsyncNcmClient": "ncm_async._client",
    **dict.fromkeys(("RateLimit", "RetryPolicy", "V2Keys"), "ncm_async._config"),
    "ClientState": "ncm_async._lifecycle",
    "Secret": "ncm_async._secret",
    "NcmClient": "ncm_async._blocking",
    "Page": "ncm_async._paginator",
    "Paginator": "ncm_async._paginator",
    **dict.fromkeys(
        ("BulkProgress", "BulkReport", "BulkResult", "BulkStream", "IdGroup"), "ncm_async.bulk"
    ),
}
"""Public names loaded on first use, and the module each comes from. Every other
name of ``__all__`` not defined here is a record model, from ``ncm_async.models``."""


_SUBMODULES = frozenset(
    {
        "accounts",
        "bulk",
        "clock",
        "converter",
        "errors",
        "models",
        "observe",
        "ratelimit",
        "sync",
        "testing",
        "webhooks",
    }
)
"""The public submodules, attributes of the package once first named."""


def __getattr__(name: str) -> object:
    if name in _SUBMODULES:
        return importlib.import_module(f"ncm_async.{name}")
    module = _LAZY.get(name) or ("ncm_async.models" if name in __all__ else None)
    if module is None:
        msg = f"module 'ncm_async' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_SUBMODULES})


__all__ = [
    "AsyncNcmClient",
    "NcmClient",
    "RateLimit",
    "RetryPolicy",
    "V2Keys",
    "Secret",
    "ClientState",
    "Paginator",
    "Page",
    "BulkStream",
    "BulkReport",
    "BulkResult",
    "BulkProgress",
    "IdGroup",
    "NcmError",
    "ConfigurationError",
    "APIConnectionError",
    "APITimeoutError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "RateLimitError",
    "ServerError",
    "ResponseValidationError",
    "PaginationError",
    "ClientClosedError",
    "SharedStoreError",
    "CheckpointLockedError",
    "Record",
    "TimeSeriesRecord",
    "LinkId",
    "Deprecated",
    "Account",
    "User",
    "ActivityLog",
    "RouterLog",
    "Alert",
    "AlertPushDestination",
    "AlertRule",
    "RouterAlert",
    "Battery",
    "ConfigurationManager",
    "HistoricalLocation",
    "Location",
    "Router",
    "RouterLan",
    "DeviceApp",
    "DeviceAppBinding",
    "DeviceAppState",
    "DeviceAppVersion",
    "Failover",
    "Firmware",
    "Group",
    "NetDeviceHealth",
    "NetDeviceMetrics",
    "Product",
    "SpeedTest",
    "NetDevice",
    "NetDeviceSignalSample",
    "NetDeviceUsageSample",
    "RouterStateSample",
    "RouterStreamUsageSample",
    "RebootActivity",
    "TestAlertPushDestination",
    "V3Resource",
    "UserAttributes",
    "SubscriptionAttributes",
    "AssetEndpointAttributes",
    "RegradeAttributes",
    "TenantAttributes",
    "ExchangeSiteAttributes",
    "ExchangeResourceAttributes",
]
