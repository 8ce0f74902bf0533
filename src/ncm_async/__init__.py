"""Asyncio client SDK for the Cradlepoint NetCloud Manager (NCM) API, v2 and v3.

``import ncm_async`` loads only what every user needs (the client, configuration,
errors); the blocking client, the models, the endpoints, bulk and the testing tools
load on first use.
"""

from typing import TYPE_CHECKING

from ncm_async._client import AsyncNcmClient
from ncm_async._config import RateLimit, RetryPolicy, V2Keys
from ncm_async._lifecycle import ClientState
from ncm_async._secret import Secret
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
]

if TYPE_CHECKING:
    from ncm_async._blocking import NcmClient
    from ncm_async._paginator import Page, Paginator

_LAZY = {
    "NcmClient": "ncm_async._blocking",
    "Page": "ncm_async._paginator",
    "Paginator": "ncm_async._paginator",
}
"""Names loaded on first use: the blocking client brings a thread portal and the bulk
layer; the paginator is needed once something is listed."""


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'ncm_async' has no attribute {name!r}"
        raise AttributeError(msg)
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
