"""Hostile but plausible server behaviour, all off by default: can a client survive it?

Each knob models something a real server, a proxy or a bad day can do, so tests and
benchmarks can prove a client neither loops, nor invents records, nor loses them,
nor hangs:

* ``wrong_shape``: a 200 whose JSON is not the documented shape (a maintenance
  ``{"detail": ...}``, ``data`` an object, records that are not objects, a bare
  array, an HTML page).
* ``next_link_cycle``: every later page links back to the first (A -> B -> A).
* ``page_cap``: v2 lists answer at most this many records per page and drop
  ``meta`` (the docs print such bodies: batteries, groups, router_state_samples).
* ``offset_overlap``: each v2 offset page after the first starts this many
  records early, so records repeat across pages (as when rows are inserted
  ahead of a reader).
* ``trickle``: bodies go out in small chunks with a pause between them (over a
  real socket: a chunked body that keeps a per-read timeout alive).

``endpoints`` limits the knobs to some endpoints (by name: ``routers``,
``asset_endpoints``...). The simulator calls the functions here: pure ones rewrite
a request before it is handled and its answer after, and :func:`send` writes it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Literal
from urllib.parse import urlsplit

import anyio
import attrs
import orjson

from ncm_async.testing.asgi import Message, Receive, Request, Send, send_response
from ncm_async.testing.bodies import HTML, Response
from ncm_async.testing.links import CANONICAL_ORIGIN, encode_query
from ncm_async.testing.v2_docs import V2_DOCS

WrongShape = Literal["detail", "data_object", "records_not_objects", "bare_list", "html"]
WRONG_SHAPES: tuple[WrongShape, ...] = (
    "detail",
    "data_object",
    "records_not_objects",
    "bare_list",
    "html",
)

_KEYSET_PARAMS = frozenset(f"{e.keyset}__lt" for e in V2_DOCS.values() if e.keyset)
_CURSOR_PARAMS = frozenset({"page[after]", "page[before]"})
_MAINTENANCE = b"<html><body><h1>Scheduled maintenance</h1></body></html>"


def _endpoint_set(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else frozenset(value)


@attrs.frozen
class Trickle:
    """Send bodies ``chunk_bytes`` at a time, pausing ``pause_seconds`` between chunks."""

    chunk_bytes: int = 4
    pause_seconds: float = 0.5

    def __attrs_post_init__(self) -> None:
        if self.chunk_bytes < 1 or self.pause_seconds < 0:
            msg = "trickle needs chunk_bytes >= 1 and pause_seconds >= 0"
            raise ValueError(msg)


@attrs.frozen
class AdversaryPlan:
    """Which hostile behaviours the simulator shows (see the module docstring).

    Attributes:
        wrong_shape: Body of every successful GET, or None.
        next_link_cycle: Later pages link back to the first page.
        page_cap: Most records per v2 list page, answered without ``meta``.
        offset_overlap: Records each later v2 offset page repeats from the one before.
        trickle: Chunked, paced bodies.
        endpoints: Endpoint names the knobs apply to; None means all.
    """

    wrong_shape: WrongShape | None = None
    next_link_cycle: bool = False
    page_cap: int | None = None
    offset_overlap: int = 0
    trickle: Trickle | None = None
    endpoints: frozenset[str] | None = attrs.field(default=None, converter=_endpoint_set)

    def __attrs_post_init__(self) -> None:
        if self.wrong_shape is not None and self.wrong_shape not in WRONG_SHAPES:
            msg = f"wrong_shape must be one of {WRONG_SHAPES}, got {self.wrong_shape!r}"
            raise ValueError(msg)
        if self.page_cap is not None and self.page_cap < 1:
            msg = "page_cap must be at least 1"
            raise ValueError(msg)
        if self.offset_overlap < 0:
            msg = "offset_overlap must be zero or more"
            raise ValueError(msg)

    def applies(self, request: Request) -> bool:
        """Whether the knobs apply to this request's endpoint."""
        return self.endpoints is None or endpoint_of(request.path) in self.endpoints


def endpoint_of(path: str) -> str:
    """The endpoint a request path names (``/api/v3/beta/exchange_sites`` -> ``exchange_sites``)."""
    rest = path.strip("/").removeprefix("api/").removeprefix("v2/").removeprefix("v3/")
    rest = rest.removeprefix("beta/")
    return rest.split("/", 1)[0]


def rewrite(plan: AdversaryPlan, request: Request) -> Request:
    """The request as handled: later offset pages start ``offset_overlap`` records early."""
    if not plan.offset_overlap or request.method != "GET" or not plan.applies(request):
        return request
    query = dict(request.query)
    offset = query.get("offset", "0")
    if not offset.isdigit() or int(offset) == 0:
        return request
    query["offset"] = str(max(0, int(offset) - plan.offset_overlap))
    params = list(query.items())
    return attrs.evolve(request, query=tuple(params), raw_query=encode_query(params))


def transform(plan: AdversaryPlan, request: Request, response: Response) -> Response:
    """The answer as sent: wrong shapes, cycles and capped pages applied to a 200 GET."""
    if response.status != 200 or request.method != "GET" or not plan.applies(request):
        return response
    if plan.wrong_shape is not None:
        return wrong_shape(plan.wrong_shape, response)
    if not (plan.next_link_cycle or plan.page_cap):
        return response
    body = orjson.loads(response.body)
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        return response
    if plan.next_link_cycle and is_later_page(request):
        _set_next(body, first_page_url(request))
    if plan.page_cap and "meta" in body:
        body["data"] = body["data"][: plan.page_cap]
        del body["meta"]
    return attrs.evolve(response, body=orjson.dumps(body))


def wrong_shape(kind: WrongShape, response: Response) -> Response:
    """A 200 that is not the documented shape, built from the real answer."""
    body = orjson.loads(response.body)
    records = body.get("data") if isinstance(body, dict) else None
    records = records if isinstance(records, list) else [body]
    if kind == "html":
        return Response(200, _MAINTENANCE, HTML)
    if kind == "detail":
        payload: Any = {"detail": "scheduled maintenance"}
    elif kind == "data_object":
        payload = {"data": records[0] if records else {}, "meta": body.get("meta", {})}
    elif kind == "records_not_objects":
        payload = {"data": [str(i) for i in range(len(records) or 1)], "meta": body.get("meta")}
    else:
        payload = records
    return attrs.evolve(response, body=orjson.dumps(payload))


def is_later_page(request: Request) -> bool:
    """Whether the request asks for a page after the first (it carries a paging parameter)."""
    for name, value in request.query:
        if name == "offset" and value not in ("", "0"):
            return True
        if name in _KEYSET_PARAMS or name in _CURSOR_PARAMS:
            return True
    return False


def first_page_url(request: Request) -> str:
    """The request's listing without its paging parameters, on the canonical origin."""
    params = [
        (k, v)
        for k, v in request.query
        if k != "offset" and k not in _KEYSET_PARAMS and k not in _CURSOR_PARAMS
    ]
    url = CANONICAL_ORIGIN + urlsplit(request.path).path
    return f"{url}?{encode_query(params)}" if params else url


def _set_next(body: dict[str, Any], url: str) -> None:
    if isinstance(body.get("links"), dict):
        body["links"]["next"] = url
    if isinstance(body.get("meta"), dict):
        body["meta"]["next"] = url


async def send(
    plan: AdversaryPlan,
    request: Request,
    send: Send,
    response: Response,
    *,
    sleep: Callable[[float], Awaitable[None]],
    receive: Receive,
) -> int:
    """Send ``response``, trickled when the plan says so; returns the trickled pieces sent.

    A trickle stops when the client goes away (``http.disconnect``): a server
    does not keep writing to a closed connection, and shutting down must not wait
    for a body nobody reads.
    """
    trickle = plan.trickle if plan.applies(request) else None
    if trickle is None:
        await send_response(send, response)
        return 0

    async def pause() -> None:
        await sleep(trickle.pause_seconds)

    sent = 0

    async def counted(message: Message) -> None:
        nonlocal sent
        sent += message["type"] == "http.response.body"
        await send(message)

    async with anyio.create_task_group() as group:

        async def watch() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            group.cancel_scope.cancel()

        group.start_soon(watch)
        await send_response(counted, response, chunk_bytes=trickle.chunk_bytes, pause=pause)
        group.cancel_scope.cancel()
    return sent
