"""``ncm.v3.regrades``: apply, change or remove subscriptions on devices by MAC.

``POST asset_endpoints/regrades`` takes a JSON:API atomic-operations document
(media type ``application/vnd.api+json;ext="https://jsonapi.org/ext/atomic"``):
one ``add`` of a ``regrades`` resource per device, 1 to 100 per request, MACs as
12 upper-case hex digits with no duplicates, actions UPGRADE, DOWNGRADE and
UNLICENSE (v3-and-limits). The server rejects the whole batch for one bad entry,
so everything is checked here before any request: MACs are normalised
(``aa:bb:cc:dd:ee:ff``, ``aa-bb-...``, ``aabb.ccdd.eeff`` and bare hex are
accepted), repeated MACs are sent once, and the problem is named otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ncm_async._resources.v3.base import V3Gettable, V3Listable
from ncm_async.converter import structure_resource
from ncm_async.errors import ConfigurationError, ResponseValidationError
from ncm_async.models.v3 import RegradeAttributes, V3Resource

__all__ = [
    "ACTIONS",
    "ATOMIC_MEDIA_TYPE",
    "MAX_MACS",
    "RegradesEndpoint",
    "atomic_document",
    "normalize_mac",
    "normalize_macs",
]

ATOMIC_MEDIA_TYPE = 'application/vnd.api+json;ext="https://jsonapi.org/ext/atomic"'
ACTIONS = ("UPGRADE", "DOWNGRADE", "UNLICENSE")
MAX_MACS = 100
_HEX2 = "[0-9A-Fa-f]{2}"
_HEX4 = "[0-9A-Fa-f]{4}"
_MAC = re.compile(
    rf"{_HEX2}(?P<sep>[:-]?){_HEX2}(?:(?P=sep){_HEX2}){{4}}|{_HEX4}\.{_HEX4}\.{_HEX4}"
)


def normalize_mac(mac: object) -> str:
    """One MAC as the API wants it: 12 upper-case hex digits, no separators.

    Raises:
        ConfigurationError: Not a MAC in one of the accepted spellings.
    """
    if isinstance(mac, str) and _MAC.fullmatch(mac.strip()):
        return re.sub(r"[:.-]", "", mac.strip()).upper()
    msg = (
        f"invalid MAC address {mac!r}: expected 12 hex digits, optionally separated "
        "as aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or aabb.ccdd.eeff"
    )
    raise ConfigurationError(msg)


def normalize_macs(macs: str | Iterable[str]) -> list[str]:
    """Normalised MACs in first-seen order, each once; 1 to 100 of them.

    Duplicates (after normalisation) are dropped rather than rejected: the
    caller's intent is unambiguous and the server would refuse the whole batch.

    Raises:
        ConfigurationError: An invalid MAC, none at all, or more than 100 distinct.
    """
    items = [macs] if isinstance(macs, str) else list(macs)
    unique = list(dict.fromkeys(normalize_mac(m) for m in items))
    if not 1 <= len(unique) <= MAX_MACS:
        msg = (
            f"a regrade takes 1 to {MAX_MACS} distinct MAC addresses per request, "
            f"got {len(unique)} (split larger batches)"
        )
        raise ConfigurationError(msg)
    return unique


def atomic_document(
    macs: str | Iterable[str], *, action: str, subscription_type: str | None
) -> dict[str, Any]:
    """The atomic-operations document of one regrade batch.

    Args:
        macs: MAC addresses (normalised and deduplicated here).
        action: UPGRADE, DOWNGRADE or UNLICENSE (any case).
        subscription_type: The subscription to apply (e.g. ``"BA-NCADV"``, a
            subscription's ``type``); required except to UNLICENSE, refused there.

    Raises:
        ConfigurationError: A bad action, subscription type or MAC list.
    """
    verb = action.upper() if isinstance(action, str) else action
    if verb not in ACTIONS:
        msg = f"regrade action must be one of {', '.join(ACTIONS)}, got {action!r}"
        raise ConfigurationError(msg)
    if verb == "UNLICENSE" and subscription_type is not None:
        msg = "UNLICENSE removes the subscription: pass no subscription_type"
        raise ConfigurationError(msg)
    if verb != "UNLICENSE" and (
        not isinstance(subscription_type, str) or not subscription_type.strip()
    ):
        msg = f"{verb} needs subscription_type= (a subscription's type), got {subscription_type!r}"
        raise ConfigurationError(msg)
    operations = []
    for mac in normalize_macs(macs):
        attributes = {"action": verb, "mac_address": mac}
        if subscription_type is not None:
            attributes["subscription_type"] = subscription_type.strip()
        operations.append({"op": "add", "data": {"type": "regrades", "attributes": attributes}})
    return {"atomic:operations": operations}


def _results(body: Any, where: str) -> list[Mapping[str, Any]]:
    results = body.get("atomic:results") if isinstance(body, Mapping) else None
    if not isinstance(results, list) or not all(
        isinstance(r, Mapping) and isinstance(r.get("data"), Mapping) for r in results
    ):
        msg = f"{where}: expected {{'atomic:results': [{{'data': {{...}}}}, ...]}}"
        raise ResponseValidationError(msg)
    return [r["data"] for r in results]


class RegradesEndpoint(V3Listable[RegradeAttributes], V3Gettable[RegradeAttributes]):
    """``asset_endpoints/regrades``: regrade jobs, and starting new ones."""

    async def regrade(
        self,
        mac_addresses: str | Iterable[str],
        *,
        subscription_type: str | None = None,
        action: str = "UPGRADE",
    ) -> list[V3Resource[RegradeAttributes]]:
        """Apply (UPGRADE, DOWNGRADE) or remove (UNLICENSE) a subscription on devices.

        One request per call: give at most 100 distinct MACs. A MAC the account
        does not own is not a request error: its regrade comes back FAILED with
        an ``error_code``, so check each result's ``attributes.status``.

        Args:
            mac_addresses: One MAC or several, in any accepted spelling.
            subscription_type: The subscription to apply (``"BA-NCADV"``, ...);
                required except for UNLICENSE.
            action: UPGRADE (default), DOWNGRADE or UNLICENSE.

        Returns:
            One regrade record per distinct MAC, in order (status QUEUED or FAILED).

        Raises:
            ConfigurationError: Bad input, before anything is sent.
        """
        document = atomic_document(
            mac_addresses, action=action, subscription_type=subscription_type
        )
        response = await self._send("POST", self.url, json=document, content_type=ATOMIC_MEDIA_TYPE)
        where = f"POST {self.url}"
        return [structure_resource(r, self.attributes) for r in _results(response.body, where)]

    async def unlicense(
        self, mac_addresses: str | Iterable[str]
    ) -> list[V3Resource[RegradeAttributes]]:
        """Remove the subscription from devices: ``regrade(macs, action="UNLICENSE")``."""
        return await self.regrade(mac_addresses, action="UNLICENSE")
