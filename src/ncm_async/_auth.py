"""Credentials: which headers each API version needs, and keeping them secret.

Secrets are held as :class:`~ncm_async._secret.Secret` objects here and in
:class:`~ncm_async._config.V2Keys`; they are unwrapped only to build request
headers and leave the process there and nowhere else (no repr, log line, error
or traceback local).
"""

from __future__ import annotations

import re

import attrs

from ncm_async._config import ENV_V2_KEYS, ENV_V3_TOKEN, V2Keys
from ncm_async._secret import REDACTED, Secret, check_header_value
from ncm_async.errors import ConfigurationError

JSON = "application/json"
JSON_API = "application/vnd.api+json"
MULTIPART = "multipart/form-data"
"""A form upload: httpx writes the ``Content-Type`` itself, with the part boundary."""

_SHORT_SECRET = 8
"""Below this length a secret is redacted only where it stands alone (see ``redact``)."""


def _wrap(value: object) -> Secret | None:
    return Secret.wrap(value)


@attrs.frozen(repr=False)
class Credentials:
    """The v2 keys and the v3 bearer token of one client (either may be absent)."""

    v2_keys: V2Keys | None
    v3_token: Secret | None = attrs.field(converter=_wrap)

    def __repr__(self) -> str:
        have = [n for n, v in (("v2", self.v2_keys), ("v3", self.v3_token)) if v]
        return f"Credentials({', '.join(have) or 'none'}: {REDACTED})"

    __str__ = __repr__

    def headers(self, api: str, *, content_type: str | None = None) -> dict[str, str]:
        """Headers for one request to ``api`` ("v2" or "v3").

        v2: the four key headers plus JSON; v3: bearer token, and JSON:API as both
        ``Accept`` and ``Content-Type`` (v3 requires a Content-Type even on GET).
        For :data:`MULTIPART` no ``Content-Type`` is set: httpx writes it with the
        boundary of the body it encodes.

        Raises:
            ConfigurationError: The credentials for ``api`` are not configured.
        """
        if api == "v2":
            if self.v2_keys is None:
                msg = f"v2 keys are not configured: pass v2_keys= or set {', '.join(ENV_V2_KEYS)}"
                raise ConfigurationError(msg)
            headers = self.v2_keys.headers()
            headers["Accept"] = JSON
            if content_type and content_type != MULTIPART:
                headers["Content-Type"] = content_type
            return headers
        if self.v3_token is None:
            msg = f"the v3 token is not configured: pass v3_token= or set {ENV_V3_TOKEN}"
            raise ConfigurationError(msg)
        if content_type == MULTIPART:
            return {"Authorization": "Bearer " + self.v3_token.reveal(), "Accept": JSON_API}
        return {
            "Authorization": "Bearer " + self.v3_token.reveal(),
            "Accept": JSON_API,
            "Content-Type": content_type or JSON_API,
        }

    def secrets(self) -> tuple[str, ...]:
        """Every secret value, for redaction wherever text might leave the process."""
        out = list(self.v2_keys.secrets()) if self.v2_keys else []
        if self.v3_token:
            out.append(self.v3_token.reveal())
        return tuple(out)

    def redact(self, text: str) -> str:
        """``text`` with every secret value replaced (defence in depth for messages).

        A secret is replaced wherever it occurs, glued to other characters or not
        (``"key=abc123SECRET;"``). Only a very short secret (a test key such as
        ``"a"``) is replaced just where it stands as a token of its own, so it
        does not mangle every word that contains the letter.
        """
        for secret in sorted(self.secrets(), key=len, reverse=True):
            if len(secret) >= _SHORT_SECRET:
                text = text.replace(secret, REDACTED)
            elif secret:
                pattern = rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])"
                text = re.sub(pattern, REDACTED, text)
        return text


def validate_token(token: str | Secret | None) -> Secret | None:
    """Check a v3 token without ever echoing it.

    Raises:
        ConfigurationError: Not a string, empty, containing whitespace, or not a
            valid header value.
    """
    token = Secret.wrap(token)
    if token is None:
        return None
    if any(c.isspace() for c in token.reveal().strip()):
        msg = "v3_token must be a non-empty string without whitespace"
        raise ConfigurationError(msg)
    try:
        return check_header_value(token, name="v3_token")
    except ConfigurationError:
        msg = "v3_token must be a non-empty string without whitespace (latin-1 only)"
        raise ConfigurationError(msg) from None
