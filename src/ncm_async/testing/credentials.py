"""Who may call the simulator: the four v2 key headers and the v3 bearer token.

By default any non-empty credentials are accepted (so any client can be pointed
at ``ncm-async simulate`` with placeholder keys); given exact values, they are
enforced. Failures answer the documented v2 ``unauthorized`` body or a JSON:API
401. Credential values are compared, never stored in the request log.
"""

from __future__ import annotations

from collections.abc import Mapping

from ncm_async.testing.asgi import Request
from ncm_async.testing.bodies import jsonapi_error, unauthorized

V2_HEADERS = ("x-cp-api-id", "x-cp-api-key", "x-ecm-api-id", "x-ecm-api-key")


def expected_v2_keys(keys: object) -> tuple[str, ...] | None:
    """Normalize ``None``, a ``V2Keys``, a 4-tuple or a header mapping to header order."""
    if keys is None:
        return None
    headers = getattr(keys, "headers", None)
    if callable(headers):
        keys = headers()
    if isinstance(keys, Mapping):
        lowered = {str(k).lower(): str(v) for k, v in keys.items()}
        return tuple(lowered[h] for h in V2_HEADERS)
    if isinstance(keys, tuple | list) and len(keys) == 4:
        return tuple(str(k) for k in keys)
    msg = "v2_keys must be None, V2Keys, a 4-tuple or a header mapping"
    raise TypeError(msg)


def check(
    request: Request, api: str, v2_keys: tuple[str, ...] | None, v3_token: str | None
) -> None:
    """Raise the 401 ``ApiError`` the API answers to missing or wrong credentials."""
    if api == "v2":
        sent = tuple(request.header(h) or "" for h in V2_HEADERS)
        if not all(sent) or (v2_keys is not None and sent != v2_keys):
            raise unauthorized()
        return
    scheme, _, token = (request.header("authorization") or "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or v3_token not in (None, token):
        raise jsonapi_error(401, "missing or invalid bearer token")
