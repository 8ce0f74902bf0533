"""Responses and the error bodies the docs show, as pure builders.

v2 error bodies are verbatim shapes from the docs (conventions section 9): the
odd ``unauthorized`` body with a string ``exception``, and ``{exception:
{message, type}, errors: [...]}`` for everything else. v3 errors are JSON:API
``{"errors": [{status, title, detail, source}]}``; a v3 *throttling* 409 has no
``errors`` array (v3-and-limits), which is how clients tell it from a real
conflict.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import attrs
import orjson

JSON = b"application/json"
JSONAPI = b"application/vnd.api+json"
HTML = b"text/html"


@attrs.define
class Response:
    """One HTTP answer: status, headers and an encoded body."""

    status: int
    body: bytes = b""
    content_type: bytes | None = JSON
    headers: list[tuple[bytes, bytes]] = attrs.field(factory=list)

    def header_list(self, *, length: bool = True) -> list[tuple[bytes, bytes]]:
        """Headers for ``http.response.start`` (content type, and length unless chunked)."""
        out = list(self.headers)
        if self.content_type is not None and self.body:
            out.append((b"content-type", self.content_type))
        if length:
            out.append((b"content-length", str(len(self.body)).encode()))
        return out


class ApiError(Exception):
    """Raised anywhere in request handling to answer with ``response``."""

    def __init__(self, response: Response):
        super().__init__(response.status)
        self.response = response


def json_response(status: int, payload: Any, content_type: bytes = JSON) -> Response:
    """A JSON answer (``payload`` may already be encoded bytes)."""
    body = payload if isinstance(payload, bytes) else orjson.dumps(payload)
    return Response(status, body, content_type)


def empty(status: int) -> Response:
    """An answer with no body (204, or the documented empty 201/202 answers)."""
    return Response(status, b"", None)


def v2_error(status: int, message: str, errors: list[Any], kind: str = "error") -> ApiError:
    """``{"exception": {"message", "type"}, "errors": [...]}``."""
    body = {"exception": {"message": message, "type": kind}, "errors": errors}
    return ApiError(json_response(status, body))


def unauthorized() -> ApiError:
    """401 with the documented ``unauthorized`` body."""
    body = {
        "status_code": 401,
        "exception": "unauthorized",
        "message": " Invalid Credentials i.e. missing or invalid keys.",
        "success": False,
    }
    return ApiError(json_response(401, body))


def validation(errors: list[dict[str, str]]) -> ApiError:
    """400 with the documented ``validation`` body, one entry per bad parameter."""
    body = {"exception": {"type": "validation", "message": "bad or missing data"}, "errors": errors}
    return ApiError(json_response(400, body))


def method_not_allowed(path_url: str, method: str) -> ApiError:
    """405 with the docs' "Error response format" body."""
    return v2_error(405, "method not allowed", [{"path": path_url}, {"method": method}])


def not_found(path_url: str) -> ApiError:
    """404 for unknown endpoints and records."""
    return v2_error(404, "not found", [{"path": path_url}])


def status_error(status: int) -> ApiError:
    """A v2 error body for an arbitrary status (permanent faults)."""
    if status == 403:
        return v2_error(403, "forbidden", [])
    if status >= 500:
        return v2_error(status, "cp internal error", [], "server_error")
    return v2_error(status, HTTPStatus(status).phrase.lower(), [])


def server_error_500() -> Response:
    """The transient "shard" 500 heavy paging of large accounts meets (v3-and-limits)."""
    body = {"exception": {"message": "cp internal error shard-router-3", "type": "server_error"}}
    return json_response(500, {**body, "errors": []})


def html_error(status: int) -> Response:
    """What a load balancer in front of the API answers: an HTML page, not JSON."""
    phrase = HTTPStatus(status).phrase
    title = f"{status} {phrase}"
    page = f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"
    return Response(status, page.encode(), HTML)


def jsonapi_error(
    status: int, detail: str, *, parameter: str | None = None, pointer: str | None = None
) -> ApiError:
    """A JSON:API error document with one error object."""
    error: dict[str, Any] = {
        "status": str(status),
        "title": HTTPStatus(status).phrase,
        "detail": detail,
    }
    if parameter is not None:
        error["source"] = {"parameter": parameter}
    elif pointer is not None:
        error["source"] = {"pointer": pointer}
    return ApiError(json_response(status, {"errors": [error]}, JSONAPI))


def jsonapi_errors(status: int, errors: list[dict[str, Any]]) -> ApiError:
    """A JSON:API error document with several error objects."""
    return ApiError(json_response(status, {"errors": errors}, JSONAPI))


THROTTLED_V3_BODY = {"message": "Conflict with internal rules. i.e. invalid app-key."}
"""v3 throttling answer: a 409 without a JSON:API ``errors`` array."""
