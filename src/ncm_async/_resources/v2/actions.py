"""The two v2 endpoints that are actions, not collections."""

from __future__ import annotations

from ncm_async._query import id_of
from ncm_async._resources.base import Endpoint
from ncm_async.errors import ConfigurationError
from ncm_async.models import RebootActivity, TestAlertPushDestination


class RebootActivityEndpoint(Endpoint[RebootActivity]):
    """``reboot_activity``: reboot one router or every router of a group."""

    async def reboot(self, *, router: object = None, group: object = None) -> None:
        """Ask NCM to reboot ``router`` or every router of ``group`` (exactly one).

        The 201 answer means the request was submitted, not that the router
        rebooted: an offline router never gets it. An unknown id is typically
        answered 403 (``PermissionDeniedError``).

        Raises:
            ConfigurationError: Neither or both of ``router`` and ``group``.
        """
        if (router is None) == (group is None):
            msg = "reboot_activity: give exactly one of router= or group="
            raise ConfigurationError(msg)
        kind, value = ("routers", router) if router is not None else ("groups", group)
        url = f"{self._ctx.base_url}{kind}/{id_of(value, name=kind[:-1])}/"
        await self._send("POST", self.url, json={kind[:-1]: url})


class TestAlertPushDestinationsEndpoint(Endpoint[TestAlertPushDestination]):
    """``test_alert_push_destinations``: make NCM push a test alert to a destination."""

    __test__ = False

    async def test(self, destination_config_id: object) -> None:
        """Send a test push to the destination; 201 with an empty body on success."""
        rid = id_of(destination_config_id, name="destination_config_id")
        await self._send("POST", self.url, json={"destination_config_id": rid})
