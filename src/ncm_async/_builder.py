"""Turning an :class:`ApiRequest` into the ``httpx.Request`` the transport sends.

Two checks come first, before any I/O: the URL's length, and its origin (credentials
go to the configured base URLs' origins only). On the client's own pool a request
is then built directly from headers merged once per API and content type; on a
user's ``http_client`` (its default headers, cookies, ...) through ``build_request``.
"""

from __future__ import annotations

from collections.abc import Set

import httpx
import orjson

from ncm_async import _protocol as protocol
from ncm_async._auth import JSON, MULTIPART, Credentials
from ncm_async._request import MAX_URL_LENGTH, ApiRequest, brief_url
from ncm_async.errors import ConfigurationError

__all__ = ["RequestBuilder"]


class RequestBuilder:
    """Builds the requests of one transport.

    Args:
        http: The pool the requests go through.
        credentials: Keys and token; their headers are added here only.
        origins: ``(scheme, host, port)`` of each configured base URL.
        timeout: Sent with each request (httpx applies it per phase).
        own_pool: ``http`` is the client's own pool (no user default headers,
            params or base URL), so requests are built directly from cached headers
            instead of through ``build_request``'s per-request merging.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        credentials: Credentials,
        origins: Set[tuple[str, str, int]],
        *,
        timeout: httpx.Timeout,
        own_pool: bool,
    ) -> None:
        self._http = http
        self._credentials = credentials
        self._origins = origins
        self._prefixes = protocol.origin_prefixes(origins)
        self._timeout = timeout
        self._extensions = {"timeout": timeout.as_dict()}
        self._own_pool = own_pool
        self._headers: dict[tuple[str, str | None], httpx.Headers] = {}

    def __repr__(self) -> str:
        return f"RequestBuilder({self._credentials!r})"

    def build(self, request: ApiRequest) -> httpx.Request:
        """The httpx request, credentials added only for a configured origin.

        The headers are built inline (never bound to a local), so no frame of a
        traceback with locals holds them.
        """
        if len(request.url) > MAX_URL_LENGTH:
            msg = (
                f"{request.method} {brief_url(request.url)}: the URL is {len(request.url):,} "
                f"characters, over the {MAX_URL_LENGTH:,} this SDK sends (servers and proxies "
                "refuse longer request lines): pass fewer or shorter filter values"
            )
            raise ConfigurationError(msg)
        if not request.url.startswith(self._prefixes) and (
            protocol.origin(request.url) not in self._origins
        ):
            where = protocol.origin_text(request.url)
            msg = f"refusing to send credentials to {where}: not a configured base URL origin"
            raise ConfigurationError(msg)
        if request.form is not None:
            return self._http.build_request(
                request.method,
                request.url,
                headers=self._credentials.headers(request.api, content_type=MULTIPART),
                data=dict(request.form.fields),
                files=[
                    (f.name, (f.filename, f.content, f.content_type)) for f in request.form.files
                ],
                timeout=self._timeout,
            )
        body = None if request.json is None else orjson.dumps(request.json)
        content_type = request.content_type or (JSON if body is not None else None)
        if self._own_pool and not self._http.cookies:
            return self._direct(request, body, content_type)
        try:
            return self._http.build_request(
                request.method,
                request.url,
                headers=self._credentials.headers(request.api, content_type=content_type),
                content=body,
                timeout=self._timeout,
            )
        except (httpx.InvalidURL, UnicodeError, ValueError) as exc:
            raise self._unsendable(request, exc) from None

    def _direct(
        self, request: ApiRequest, body: bytes | None, content_type: str | None
    ) -> httpx.Request:
        """The request built without ``build_request``: what it would merge is known.

        The pool's default headers and the credentials are merged once per API and
        content type; the URL is parsed once, by the request itself.
        """
        key = (request.api, content_type)
        headers = self._headers.get(key)
        if headers is None:
            headers = self._http.headers.copy()
            headers.update(self._credentials.headers(request.api, content_type=content_type))
            self._headers[key] = headers
        try:
            return httpx.Request(
                request.method,
                request.url,
                headers=headers,
                content=body,
                extensions=self._extensions,
            )
        except (httpx.InvalidURL, UnicodeError, ValueError) as exc:
            raise self._unsendable(request, exc) from None

    def _unsendable(self, request: ApiRequest, exc: Exception) -> ConfigurationError:
        """The error for a request httpx refuses to build (its message redacted)."""
        msg = f"{request.method} {brief_url(request.url)}: cannot be sent ({exc})"
        return ConfigurationError(self._credentials.redact(msg))
