"""``NcmClient``: the same client without ``await``, for scripts and notebooks.

One event loop runs in a background daemon thread (anyio's
:func:`~anyio.from_thread.start_blocking_portal`); every call is forwarded to the
async objects through that portal, so the blocking client is the async one, not a
copy: same constructor, names, filters, limiter, retries and errors. Because the
loop is in its own thread, a loop already running in the calling thread (Jupyter)
does not matter.

Forwarding is generic: ``ncm.v2.routers`` is a proxy of the async endpoint whose
methods run in the loop; results are wrapped by kind (a paginator becomes an
iterator, a bulk stream an iterator with ``.report``, models pass through), so a
new endpoint or method needs nothing here.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import sys
import threading
import weakref
from collections.abc import Awaitable, Callable, Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, cast

import attrs

from ncm_async._blocking_iter import BlockingBulkStream, BlockingPaginator
from ncm_async._client import AsyncNcmClient

if TYPE_CHECKING:
    from anyio.from_thread import BlockingPortal

    from ncm_async._request import ApiResponse
    from ncm_async.bulk import BulkResult

T = TypeVar("T")
V = TypeVar("V")

CLOSE_TIMEOUT = 10.0
"""Seconds a close at garbage collection or interpreter exit waits for the pool to close."""


class Loop:
    """The background event loop and its portal; stopped once, from any thread."""

    def __init__(self) -> None:
        from anyio.from_thread import start_blocking_portal

        self._cm = start_blocking_portal("asyncio", name="ncm-async-loop")
        self.portal: BlockingPortal = self._cm.__enter__()
        self.thread_id = self.portal.call(threading.get_ident)
        self._lock = threading.Lock()
        self.stopped = False

    def run(self, fn: Callable[..., Awaitable[T]], /, *args: Any, **kwargs: Any) -> T:
        """Await ``fn(*args, **kwargs)`` in the loop and return its result."""
        self._check()
        result: T = self.portal.call(functools.partial(fn, *args, **kwargs))
        return result

    def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Call the plain function ``fn`` in the loop and return its result as is."""
        self._check()
        # Boxed: the portal awaits an awaitable result, and a paginator is
        # awaitable (its first page).
        boxed: tuple[T] = self.portal.call(_boxed, fn, args, kwargs)
        return boxed[0]

    def invoke(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        """:meth:`run` for a coroutine function, :meth:`call` otherwise."""
        if inspect.iscoroutinefunction(fn):
            return self.run(fn, *args, **kwargs)
        return self.call(fn, *args, **kwargs)

    def _check(self) -> None:
        if self.stopped:
            msg = "this NcmClient is closed"
            raise RuntimeError(msg)
        if threading.get_ident() == self.thread_id:
            msg = "a blocking NcmClient call from inside its own event loop: use AsyncNcmClient"
            raise RuntimeError(msg)

    def stop(self, client: AsyncNcmClient | None) -> None:
        """Close ``client`` in the loop, then stop the loop and join its thread."""
        with self._lock:
            if self.stopped:
                return
            self.stopped = True
        if threading.get_ident() == self.thread_id:
            self.portal.start_task_soon(_close_from_inside, client, self.portal)
            return
        if client is not None:
            with contextlib.suppress(Exception):
                self.portal.start_task_soon(client.aclose).result(CLOSE_TIMEOUT)
        self._cm.__exit__(None, None, None)


def _boxed(fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[T]:
    return (fn(*args, **kwargs),)


async def _close_from_inside(client: AsyncNcmClient | None, portal: BlockingPortal) -> None:
    if client is not None:
        await client.aclose()
    await portal.stop()


def _shutdown(loop: Loop, client: AsyncNcmClient | None) -> None:
    loop.stop(client)


class NcmClient:
    """A blocking client for the NCM API v2 and v3 (``for r in ncm.v2.routers.list()``).

    Takes exactly the keyword arguments of :class:`~ncm_async.AsyncNcmClient`.
    Close it with :meth:`close` or a ``with`` block; one left open is closed when
    it is garbage collected or at interpreter exit (the loop thread is a daemon,
    so an open client never keeps a script from ending).

    Raises:
        ConfigurationError: As :class:`~ncm_async.AsyncNcmClient`, before any I/O.
    """

    def __init__(self, **options: Any) -> None:
        loop = Loop()
        try:
            client = loop.call(AsyncNcmClient, **options)
        except BaseException:
            loop.stop(None)
            raise
        self._setup(loop, client, owner=None)

    def _setup(self, loop: Loop, client: AsyncNcmClient, owner: NcmClient | None) -> None:
        self._loop = loop
        self._async = client
        self._owner = owner
        self._finalizer = weakref.finalize(self, _shutdown, loop, client) if owner is None else None
        self.v2: Any = _Proxy(client.v2, self)
        self.v3: Any = _Proxy(client.v3, self)
        self.bulk = BlockingBulk(client.bulk, self)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> NcmClient:
        """A client configured from the ``ncm`` package's environment variables.

        See :meth:`ncm_async.AsyncNcmClient.from_env`; keyword arguments override them.
        """
        loop = Loop()
        try:
            client = loop.call(AsyncNcmClient.from_env, environ, **overrides)
        except BaseException:
            loop.stop(None)
            raise
        self = cls.__new__(cls)
        self._setup(loop, client, owner=None)
        return self

    @property
    def async_client(self) -> AsyncNcmClient:
        """The async client underneath (use it only from inside :meth:`call`)."""
        return self._async

    def __repr__(self) -> str:
        return f"NcmClient({self._async!r})"

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return _wrap(getattr(self._async, name), self)

    def call(self, fn: Callable[..., Awaitable[T]], /, *args: Any, **kwargs: Any) -> T:
        """Await ``fn(*args)`` in the client's loop: ``ncm.call(main, ncm.async_client)``."""
        return self._loop.run(fn, *args, **kwargs)

    def request(self, method: str, path: str, **kwargs: Any) -> ApiResponse:
        """:meth:`AsyncNcmClient.request`, blocking."""
        return self._loop.run(self._async.request, method, path, **kwargs)

    def with_options(self, **options: Any) -> NcmClient:
        """:meth:`AsyncNcmClient.with_options`: shares this client's loop, pool and limiter."""
        derived = self._loop.call(self._async.with_options, **options)
        return _derived(derived, self)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool and stop the background loop (idempotent).

        A client from :meth:`with_options` closes nothing shared.
        """
        if self._finalizer is not None:
            self._finalizer()
        elif not self._loop.stopped:
            self._loop.run(self._async.aclose)


def _derived(client: AsyncNcmClient, parent: NcmClient) -> NcmClient:
    derived = NcmClient.__new__(NcmClient)
    derived._setup(parent._loop, client, owner=parent)
    return derived


def _wrap(value: Any, owner: NcmClient) -> Any:
    """The blocking face of a value the async API returned."""
    if _is_instance(value, "ncm_async._paginator", "Paginator"):
        return BlockingPaginator(value, owner._loop)
    if _is_instance(value, "ncm_async.bulk", "BulkStream"):
        return BlockingBulkStream(value, owner._loop)
    if isinstance(value, AsyncNcmClient):
        return _derived(value, owner)
    if inspect.iscoroutine(value):
        return owner._loop.run(_awaited, value)
    if callable(value) and not isinstance(value, type):
        return _forwarder(value, owner)
    module = getattr(type(value), "__module__", "")
    if module.startswith("ncm_async.") and not attrs.has(type(value)):
        return _Proxy(value, owner)
    return value


def _is_instance(value: object, module: str, name: str) -> bool:
    """``isinstance(value, module.name)`` without importing ``module``.

    A value can only be an instance of a class whose module is loaded, so the
    blocking client need not load paginators or bulk to recognise them.
    """
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(value, getattr(loaded, name))


async def _awaited(awaitable: Awaitable[T]) -> T:
    return await awaitable


def _forwarder(method: Callable[..., Any], owner: NcmClient) -> Callable[..., Any]:
    @functools.wraps(method)
    def forward(*args: Any, **kwargs: Any) -> Any:
        return _wrap(owner._loop.invoke(method, *args, **kwargs), owner)

    return forward


class _Proxy:
    """An async object's blocking face: attributes wrapped, methods run in the loop."""

    def __init__(self, target: Any, owner: NcmClient) -> None:
        self._target = target
        self._owner = owner

    def __repr__(self) -> str:
        return f"<blocking {self._target!r}>"

    def __dir__(self) -> Iterable[str]:
        return [n for n in dir(self._target) if not n.startswith("_")]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        value = _wrap(getattr(self._target, name), self._owner)
        if isinstance(value, _Proxy):
            self.__dict__[name] = value
        return value


@attrs.frozen
class _InThread(Generic[V]):
    """A blocking per-id function run in a worker thread, so it may call the blocking client."""

    fn: Callable[[str], V]

    async def __call__(self, rid: str) -> V:
        import anyio.to_thread

        return await anyio.to_thread.run_sync(self.fn, rid)


class BlockingBulk(_Proxy):
    """``ncm.bulk`` without ``await``."""

    def list(self, resource: Any, **kwargs: Any) -> BlockingBulkStream[Any]:
        """:meth:`ncm_async.bulk.Bulk.list`; ``resource`` is ``ncm.v2.<endpoint>``."""
        target = resource._target if isinstance(resource, _Proxy) else resource
        stream = self._owner._loop.call(self._target.list, target, **kwargs)
        return BlockingBulkStream(stream, self._owner._loop)

    def map(self, ids: Iterable[object], fn: Callable[[str], V], **kwargs: Any) -> BulkResult[Any]:
        """:meth:`ncm_async.bulk.Bulk.map` for a plain function (or a coroutine function).

        A plain function runs in worker threads, a bounded number at once, and
        may use this blocking client (its requests share the one limiter).
        """
        call: Callable[[str], Awaitable[Any]]
        call = cast(Any, fn) if inspect.iscoroutinefunction(fn) else _InThread(fn)
        return self._owner._loop.run(self._target.map, list(ids), call, **kwargs)
