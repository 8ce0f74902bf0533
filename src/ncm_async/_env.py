"""Reading the ``ncm`` package's environment variables, for ``from_env`` and the CLI.

Kept apart from :mod:`ncm_async._config` so ``import ncm_async`` does not build
what only ``from_env`` uses.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping

import attrs

from ncm_async._config import (
    ENV_BASE_URL_V2,
    ENV_BASE_URL_V3,
    ENV_V2_KEYS,
    ENV_V3_TOKEN,
    ENV_V3_TOKEN_FALLBACK,
    V2Keys,
)
from ncm_async._secret import REDACTED, Secret
from ncm_async.errors import ConfigurationError


@attrs.frozen
class EnvSettings:
    """What :meth:`AsyncNcmClient.from_env` reads, parsed but not yet validated."""

    v2_keys: V2Keys | None
    v3_token: Secret | None
    base_url_v2: str | None
    base_url_v3: str | None


class MaskedEnviron(Mapping[str, str]):
    """The environment seen through a repr that shows no values (it holds the keys)."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ

    def __getitem__(self, key: str) -> str:
        return self._environ[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._environ)

    def __len__(self) -> int:
        return len(self._environ)

    def __repr__(self) -> str:
        return f"<environment: {len(self._environ)} variables, values {REDACTED}>"

    def secret(self, name: str) -> Secret | None:
        """Variable ``name`` as a :class:`Secret`, None when unset or blank."""
        return Secret(self._environ[name]) if self._environ.get(name, "").strip() else None


def mask_environ(environ: Mapping[str, str] | None) -> MaskedEnviron:
    """``environ`` (default ``os.environ``) behind a repr that shows no value."""
    if isinstance(environ, MaskedEnviron):
        return environ
    return MaskedEnviron(os.environ if environ is None else environ)


def read_env(environ: Mapping[str, str] | None = None) -> EnvSettings:
    """Read the ``ncm`` package's variable names from the environment.

    Secret values go straight from the mapping into :class:`Secret` objects and
    the mapping itself is rebound to a masked view, so a traceback with locals
    from here shows neither.

    Raises:
        ConfigurationError: Some but not all four v2 key variables are set.
    """
    masked = mask_environ(environ)
    del environ
    values = [masked.secret(k) for k in ENV_V2_KEYS]
    missing = [k for k, v in zip(ENV_V2_KEYS, values, strict=True) if v is None]
    if 0 < len(missing) < len(ENV_V2_KEYS):
        msg = f"incomplete v2 keys: set {', '.join(missing)} as well"
        raise ConfigurationError(msg)
    keys = None if missing else V2Keys(*(v for v in values if v is not None))
    return EnvSettings(
        v2_keys=keys,
        v3_token=masked.secret(ENV_V3_TOKEN) or masked.secret(ENV_V3_TOKEN_FALLBACK),
        base_url_v2=masked.get(ENV_BASE_URL_V2, "").strip() or None,
        base_url_v3=masked.get(ENV_BASE_URL_V3, "").strip() or None,
    )
