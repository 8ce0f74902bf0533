"""Secret values (API keys, tokens, webhook secrets) that never show themselves.

A key travels from the environment or the caller to the request headers. On the
way it sits in frame locals, attributes and closures that tracebacks with locals
(``traceback.TracebackException(capture_locals=True)``, rich's ``show_locals``,
Sentry) print with ``repr()``. Wrapping the value in :class:`Secret` from its
first moment makes every such rendering show ``Secret('<redacted>')``; the value
is unwrapped only when the wire headers are built.
"""

from __future__ import annotations

import hmac

__all__ = ["Secret", "REDACTED", "check_header_value"]

REDACTED = "<redacted>"


class Secret:
    """A string whose ``repr``, ``str`` and format are masked.

    Construction never fails (so the raw value never sits in the locals of a
    frame that raised); validation happens on the wrapped value afterwards.
    """

    __slots__ = ("_value",)
    _value: object

    def __init__(self, value: object) -> None:
        self._value = value.raw if isinstance(value, Secret) else value

    @staticmethod
    def wrap(value: object) -> Secret | None:
        """``value`` as a :class:`Secret` (None stays None)."""
        return None if value is None else Secret(value)

    def reveal(self) -> str:
        """The raw value: only for building the request headers or an HMAC key."""
        value = self._value
        return value if isinstance(value, str) else ""

    def reveal_bytes(self) -> bytes:
        """The raw value as bytes (UTF-8 for a string): for an HMAC key."""
        value = self._value
        if isinstance(value, bytes):
            return value
        return value.encode("utf-8") if isinstance(value, str) else b""

    @property
    def raw(self) -> object:
        """The value as given (possibly not a string), for validation only."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret({REDACTED!r})"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self.reveal().encode(), other.reveal().encode())

    def __hash__(self) -> int:
        return hash((Secret, self.reveal()))

    def __reduce__(self) -> tuple[object, ...]:
        msg = "a Secret is not pickled (it would write the value in clear)"
        raise TypeError(msg)


def check_header_value(secret: Secret, *, name: str, header: str | None = None) -> Secret:
    """``secret`` stripped, if it can travel in an HTTP header.

    A header value must be latin-1 without CR, LF or other control characters
    (RFC 9110 field values); a key that is not would otherwise fail deep in httpx
    or, worse, split the request. The checks run in a helper that has returned
    before anything is raised, so no raising frame holds the value.

    Raises:
        ConfigurationError: Not a string, empty, or not a valid header value. The
            message names the parameter, never the value.
    """
    from ncm_async.errors import ConfigurationError

    problem = _header_problem(secret.raw)
    if problem is not None:
        msg = f"{name} must {problem}" + (f" ({header})" if header else "")
        raise ConfigurationError(msg)
    return Secret(secret.reveal().strip())


def _header_problem(raw: object) -> str | None:
    if not isinstance(raw, str) or not raw.strip():
        return "be a non-empty string"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in raw.strip()):
        return "not contain control characters (CR, LF, tab, ...)"
    try:
        raw.encode("latin-1")
    except UnicodeEncodeError:
        return "contain only latin-1 characters (it travels in an HTTP header)"
    return None
