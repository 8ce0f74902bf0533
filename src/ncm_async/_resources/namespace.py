"""``ncm.v2`` / ``ncm.v3``: namespaces whose attributes are endpoint objects built on first use.

An attribute is declared once as ``routers = endpoint(RoutersEndpoint)``: typed for
mypy and editors, created lazily, and listed by :func:`resources_of` for tools that
pick endpoints by name (the CLI).
"""

from __future__ import annotations

from typing import Any, Generic, Self, TypeVar, overload

from ncm_async._resources.context import ApiContext

E = TypeVar("E")


class endpoint(Generic[E]):  # noqa: N801 - used like a field declaration
    """A namespace attribute holding one endpoint object, created on first access."""

    def __init__(self, cls: type[E]) -> None:
        self.cls = cls
        self.name = ""

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, obj: Namespace, owner: type[Any]) -> E: ...
    def __get__(self, obj: Namespace | None, owner: type[Any]) -> Self | E:
        if obj is None:
            return self
        value = self.cls(obj._ctx)  # type: ignore[call-arg]
        obj.__dict__[self.name] = value
        return value


class Namespace:
    """Base of the per-version namespaces; every endpoint shares the client's context."""

    def __init__(self, ctx: ApiContext) -> None:
        self._ctx = ctx

    def __repr__(self) -> str:
        return f"<ncm.{self._ctx.api} at {self._ctx.base_url}>"


def resources_of(namespace: type[Namespace]) -> dict[str, type[Any]]:
    """Endpoint name -> resource class of a namespace, in declaration order."""
    return {
        name: attr.cls
        for klass in reversed(namespace.__mro__)
        for name, attr in vars(klass).items()
        if isinstance(attr, endpoint)
    }
