"""Asyncio client SDK for the Cradlepoint NetCloud Manager (NCM) API, v2 and v3."""

from ncm_async.blocking import NcmClient
from ncm_async.client import AsyncNcmClient
from ncm_async.config import RateLimit, RetryPolicy, V2Keys
from ncm_async.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    NcmError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
)

__all__ = [
    "AsyncNcmClient",
    "NcmClient",
    "RateLimit",
    "RetryPolicy",
    "V2Keys",
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
]
