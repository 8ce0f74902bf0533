"""Asyncio client SDK for the Cradlepoint NetCloud Manager (NCM) API, v2 and v3."""

from ncm_async._blocking import NcmClient
from ncm_async._client import AsyncNcmClient
from ncm_async._config import RateLimit, RetryPolicy, V2Keys
from ncm_async._lifecycle import ClientState
from ncm_async._paginator import Page, Paginator
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
