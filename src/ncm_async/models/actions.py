"""Bodies of the POST-only action endpoints (v2 ``reboot_activity``,
``test_alert_push_destinations``)."""

from __future__ import annotations

import attrs

from ncm_async.models.base import LinkId, Record

__all__ = ["RebootActivity", "TestAlertPushDestination"]


@attrs.define(kw_only=True)
class RebootActivity(Record):
    """Reboot one router or every router of a group (``reboot_activity``): send
    ``router`` *or* ``group`` as a resource URL. The 201 answer only means the
    request was accepted."""

    group: str | None = None
    router: str | None = None

    group_id = LinkId("group")
    router_id = LinkId("router")


@attrs.define(kw_only=True)
class TestAlertPushDestination(Record):
    """Ask NCM to push a test alert to a destination (``test_alert_push_destinations``);
    the 201 answer has an empty body."""

    __test__ = False  # not a pytest test class despite the name

    destination_config_id: str | None = None
