"""``ncm.v2`` / ``ncm.v3``: namespaces whose attributes are endpoint objects built on first use.

A namespace class inherits its version's catalog, so each catalog annotation
(``routers: ListGetUpdateDelete[Router]``) is the attribute's type for mypy and
editors. At runtime each catalog entry becomes a lazy attribute whose object is
built from the entry's spec alone: an instance of the mixins for its documented
operations, or of the class registered for a kind with operations of its own
(``reboot_activity.reboot()``, ``regrades.regrade()``). An operation the docs do
not give an endpoint is simply absent (``AttributeError``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from ncm_async._endpoints.spec import EndpointSpec, Method
from ncm_async._resources.context import ApiContext

_CLASSES: dict[tuple[str, frozenset[Method]], type[Any]] = {}


def endpoint_class(
    spec: EndpointSpec, mixins: Mapping[Method, type[Any]], special: Mapping[type[Any], type[Any]]
) -> type[Any]:
    """The class of ``spec``'s endpoint object: registered for its kind, or its mixins."""
    if spec.kind is not None and spec.kind in special:
        return special[spec.kind]
    key = (spec.version, spec.methods)
    found = _CLASSES.get(key)
    if found is None:
        bases = tuple(mixins[m] for m in Method if m in spec.methods)
        label = "".join(m.value.title() for m in Method if m in spec.methods)
        found = type(f"{spec.version.upper()}{label}Endpoint", bases, {"__module__": __name__})
        _CLASSES[key] = found
    return found


class _Lazy:
    """One catalog entry on a namespace: built on first access, then cached."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, obj: Namespace | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        value = obj.build(self.name)
        obj.__dict__[self.name] = value
        return value


class Namespace:
    """Base of the per-version namespaces; every endpoint shares the client's context.

    Class attributes (set by each version):
        specs: The version's catalog, name -> spec.
        mixins: The mixin implementing each documented operation.
        special: Kind -> class, for kinds with operations of their own.
    """

    specs: ClassVar[Mapping[str, EndpointSpec]] = {}
    mixins: ClassVar[Mapping[Method, type[Any]]] = {}
    special: ClassVar[Mapping[type[Any], type[Any]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in cls.specs:
            setattr(cls, name, _Lazy(name))

    def __init__(self, ctx: ApiContext) -> None:
        self._ctx = ctx

    def __repr__(self) -> str:
        return f"<ncm.{self._ctx.api} at {self._ctx.base_url}>"

    def build(self, name: str) -> Any:
        """A new endpoint object for the catalog entry ``name``."""
        spec = self.specs[name]
        return endpoint_class(spec, self.mixins, self.special)(self._ctx, spec)
