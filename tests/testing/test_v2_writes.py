"""v2 writes: documented statuses and bodies, validation, and the fleet changing."""

from __future__ import annotations

from typing import Any

import pytest

from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio


def _group_body(sim: NcmSimulator) -> dict[str, Any]:
    product = sim.ground_truth("products")[0]
    firmware = next(
        f for f in sim.ground_truth("firmwares") if f["product"] == product["resource_url"]
    )
    return {
        "name": "New Group",
        "product": product["resource_url"],
        "target_firmware": int(firmware["id"]),
    }


async def test_create_group_answers_201_with_the_collection_url(
    sim: NcmSimulator, v2_client: Any
) -> None:
    async with v2_client(sim) as client:
        response = await client.post("groups/", json=_group_body(sim))
        created = response.json()
        listed = (await client.get("groups/", params={"name": "New Group"})).json()
        item = (await client.get(f"groups/{created['id']}/")).json()
    assert response.status_code == 201
    assert created["resource_url"] == "http://ncm.sim/api/v2/groups/"
    assert created["target_firmware"].startswith("http://ncm.sim/api/v2/firmwares/")
    assert created["device_type"] == "router"
    assert listed["data"] == [item]
    assert item["resource_url"] == f"http://ncm.sim/api/v2/groups/{created['id']}/"


async def test_put_answers_202_with_the_full_record(sim: NcmSimulator, v2_client: Any) -> None:
    rid = sim.fleet.router_ids[0]
    async with v2_client(sim) as client:
        response = await client.put(f"routers/{rid}/", json={"name": "My AP-22"})
        listed = (await client.get("routers/", params={"name": "My AP-22"})).json()
    assert response.status_code == 202
    assert response.json()["name"] == "My AP-22"
    assert response.json()["resource_url"].endswith(f"/routers/{rid}/")
    assert [r["id"] for r in listed["data"]] == [str(rid)]


async def test_put_with_fields_projection(sim: NcmSimulator, v2_client: Any) -> None:
    manager = sim.ground_truth("configuration_managers")[0]
    async with v2_client(sim) as client:
        response = await client.put(
            f"configuration_managers/{manager['id']}/?fields=configuration",
            json={"configuration": [{}, []]},
        )
    assert response.status_code == 202
    assert response.json() == {"configuration": [{}, []]}


async def test_patch_group_merges_configuration(sim: NcmSimulator, v2_client: Any) -> None:
    group = sim.ground_truth("groups")[0]
    patch = {"configuration": [{"system": {"gps": {"enabled": True}}}, []]}
    async with v2_client(sim) as client:
        await client.patch(
            f"groups/{group['id']}/", json={"configuration": [{"system": {"x": 1}}, []]}
        )
        response = await client.patch(f"groups/{group['id']}/", json=patch)
    assert response.status_code == 202
    assert response.json()["configuration"] == [{"system": {"x": 1, "gps": {"enabled": True}}}, []]


async def test_alert_rules_patch_is_201_with_an_empty_body(
    sim: NcmSimulator, v2_client: Any
) -> None:
    rule = sim.ground_truth("alert_rules")[0]
    async with v2_client(sim) as client:
        response = await client.patch(
            f"alert_rules/{rule['alert_config_id']}/", json={"schedule": "hourly"}
        )
        after = (
            await client.get("alert_rules/", params={"alert_config_id": rule["alert_config_id"]})
        ).json()
    assert (response.status_code, response.content) == (201, b"")
    assert after["data"][0]["schedule"] == "hourly"


async def test_alert_push_destinations_patch_and_rules(sim: NcmSimulator, v2_client: Any) -> None:
    destinations = sim.ground_truth("alert_push_destinations")
    suspended = next(d for d in destinations if d["suspended"])
    first, second = (d for d in destinations if not d["suspended"])
    async with v2_client(sim) as client:
        renamed = await client.patch(
            f"alert_push_destinations/{first['destination_config_id']}/", json={"name": "x"}
        )
        clash = await client.patch(
            f"alert_push_destinations/{first['destination_config_id']}/",
            json={"endpoint": second["endpoint"]},
        )
        resume = await client.patch(
            f"alert_push_destinations/{suspended['destination_config_id']}/",
            json={"suspended": "False"},
        )
        suspend = await client.patch(
            f"alert_push_destinations/{first['destination_config_id']}/", json={"suspended": True}
        )
    assert (renamed.status_code, renamed.content) == (202, b"")
    assert clash.status_code == 409
    assert clash.json()["errors"]
    assert resume.status_code == 202
    assert suspend.status_code == 400


async def test_create_push_destination_and_test_it(sim: NcmSimulator, v2_client: Any) -> None:
    body = {
        "endpoint": {"url": "https://new.example.com"},
        "authentication": {"secret": "s3cret"},
        "name": "n",
    }
    async with v2_client(sim) as client:
        created = await client.post("alert_push_destinations/", json=body)
        config_id = created.json()["destination_config_id"]
        tested = await client.post(
            "test_alert_push_destinations/", json={"destination_config_id": config_id}
        )
        unknown = await client.post(
            "test_alert_push_destinations/", json={"destination_config_id": "nope"}
        )
    assert created.status_code == 201
    assert created.json()["authentication"] == {"secret": "*"}
    assert created.json()["resource_url"] == "http://ncm.sim/api/v2/alert_push_destinations/"
    assert (tested.status_code, tested.content) == (201, b"")
    assert unknown.status_code == 400


async def test_delete_is_204_then_404(sim: NcmSimulator, v2_client: Any) -> None:
    async with v2_client(sim) as client:
        gid = (await client.post("groups/", json=_group_body(sim))).json()["id"]
        deleted = await client.delete(f"groups/{gid}/")
        again = await client.delete(f"groups/{gid}/")
        listed = (await client.get("groups/", params={"id": gid})).json()
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert again.status_code == 404
    assert listed["data"] == []


async def test_deleting_a_router_removes_its_data(sim: NcmSimulator, v2_client: Any) -> None:
    rid = sim.fleet.busy_router_ids[0]
    async with v2_client(sim) as client:
        assert (await client.delete(f"routers/{rid}/")).status_code == 204
        samples = (await client.get("router_state_samples/", params={"router": rid})).json()
        devices = (await client.get("net_devices/", params={"router": rid})).json()
    assert samples["data"] == []
    assert devices["data"] == []


@pytest.mark.parametrize(
    ("content", "content_type", "error"),
    [
        (b'{"name": "x",,}', "application/json", "server_error"),
        (b"[1, 2]", "application/json", "validation"),
        (b'{"name": "x"}', "text/plain", "validation"),
    ],
)
async def test_bad_bodies_are_400(
    sim: NcmSimulator, v2_client: Any, content: bytes, content_type: str, error: str
) -> None:
    async with v2_client(sim) as client:
        response = await client.post(
            "accounts/", content=content, headers={"Content-Type": content_type}
        )
    assert response.status_code == 400
    assert response.json()["exception"]["type"] == error


async def test_write_validation(sim: NcmSimulator, v2_client: Any) -> None:
    async with v2_client(sim) as client:
        unknown_field = await client.post("accounts/", json={"name": "a", "colour": "red"})
        missing = await client.post("groups/", json={"name": "g"})
        bad_ref = await client.post("groups/", json={**_group_body(sim), "product": 999_999})
    assert unknown_field.json()["errors"] == [{"colour": "no such field"}]
    assert missing.status_code == 400
    assert {next(iter(e)) for e in missing.json()["errors"]} == {"product", "target_firmware"}
    assert bad_ref.json()["errors"] == [{"product": "no such record"}]


async def test_reboot_activity(sim: NcmSimulator, v2_client: Any) -> None:
    rid = sim.fleet.router_ids[0]
    async with v2_client(sim) as client:
        ok = await client.post(
            "reboot_activity/", json={"router": f"https://x/api/v2/routers/{rid}/"}
        )
        unknown = await client.post(
            "reboot_activity/", json={"router": "https://x/api/v2/routers/1/"}
        )
        both = await client.post("reboot_activity/", json={"router": rid, "group": 1})
    assert ok.status_code == 201
    assert unknown.status_code == 403
    assert unknown.json() == {"exception": {"message": "forbidden", "type": "error"}, "errors": []}
    assert both.status_code == 400


async def test_create_location_coerces_documented_string_numbers(
    sim: NcmSimulator, v2_client: Any
) -> None:
    rid = sim.fleet.router_ids[0]
    body = {
        "accuracy": "0",
        "method": "manual",
        "latitude": "54.6197012",
        "longitude": -116.2059159,
        "router": rid,
    }
    async with v2_client(sim) as client:
        response = await client.post("locations/", json=body)
    assert response.status_code == 201
    assert response.json()["latitude"] == 54.6197012
    assert response.json()["router"] == str(rid)
