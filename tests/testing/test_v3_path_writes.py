"""Every documented v3 write against the simulator: shapes, statuses, validation, the upload."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ncm_async.testing import NcmSimulator
from ncm_async.testing.v3_table import V3_PATHS, V3Path

pytestmark = pytest.mark.anyio

WRITES = sorted(
    (path, op)
    for path, spec in V3_PATHS.items()
    for op in ("create", "update", "patch")
    if spec.allows(op) and spec.write_shape(op) == "resource"
)
UPLOAD = "beta/esim_profile_activations"


def _url(sim: NcmSimulator, spec: V3Path, item: str | None = None) -> str:
    base = f"{sim.origin}/{spec.path}" if spec.root else f"{sim.base_url_v3}{spec.path}"
    return base if item is None else f"{base}/{item}"


def _document(spec: V3Path, op: str, rtype: str, rid: str | None = None) -> dict[str, Any]:
    attributes, relationships = spec.required(op, rtype)
    values = {n: spec.attribute_values.get(n, ("x",))[0] for n in attributes}
    data: dict[str, Any] = {
        "type": rtype,
        "attributes": values or {"name": "written"},
        "relationships": {n: {"data": {"type": n, "id": "1"}} for n in relationships},
    }
    if spec.name == "users":
        data["attributes"]["email"] = "new.user@example.com"
    if rid is not None:
        data["id"] = rid
    return {"data": data}


def _headers(spec: V3Path, op: str) -> dict[str, str]:
    return {"Content-Type": spec.media_type(op)}


@pytest.mark.parametrize(("path", "op"), WRITES)
async def test_every_documented_write_answers_its_status(
    sim: NcmSimulator, v3_client: Any, path: str, op: str
) -> None:
    spec = V3_PATHS[path]
    async with v3_client(sim) as client:
        if op == "create":
            rtype = spec.types[-1]
            response = await client.post(
                _url(sim, spec), json=_document(spec, op, rtype), headers=_headers(spec, op)
            )
        else:
            target = sim.ground_truth(spec.name, api="v3", **_required_filters(sim, spec))[0]
            rtype = target["type"]
            response = await client.request(
                "PUT" if op == "update" else "PATCH",
                _url(sim, spec, target["id"]),
                json=_document(spec, op, rtype, target["id"]),
                headers=_headers(spec, op),
            )
        assert response.status_code == spec.success(op), response.text
        written = response.json()["data"]
        again = await client.get(written["links"]["self"])
    assert written["type"] == rtype
    assert again.json() == {"data": written}


def _required_filters(sim: NcmSimulator, spec: V3Path) -> dict[str, Any]:
    if spec.name == "unmasked_wifi_passwords":
        return {"router": sim.fleet.router_ids[0]}
    if spec.name in ("modem_software_versions", "modem_upgrades"):
        group = sim.fleet.table("groups").ordered()[0].data["id"]
        return (
            {"group": group, "type": spec.types[0]}
            if spec.name == "modem_upgrades"
            else {"group": group}
        )
    return {}


@pytest.mark.parametrize(
    ("path", "member"),
    [
        (path, member)
        for path, spec in sorted(V3_PATHS.items())
        for member in ("attributes", "relationships")
        if spec.allows("create")
        and spec.write_shape("create") == "resource"
        and spec.required("create", spec.types[-1])[member == "relationships"]
    ],
)
async def test_a_missing_required_member_is_400_pointing_at_it(
    sim: NcmSimulator, v3_client: Any, path: str, member: str
) -> None:
    spec = V3_PATHS[path]
    rtype = spec.types[-1]
    document = _document(spec, "create", rtype)
    dropped = next(iter(document["data"][member]))
    del document["data"][member][dropped]
    async with v3_client(sim) as client:
        response = await client.post(
            _url(sim, spec), json=document, headers=_headers(spec, "create")
        )
    assert response.status_code == 400
    pointers = [e["source"]["pointer"] for e in response.json()["errors"]]
    assert pointers == [f"/data/{member}/{dropped}"]


async def test_wrong_type_is_409_and_stow_action_is_checked(
    sim: NcmSimulator, v3_client: Any
) -> None:
    spec = V3_PATHS["starlink_interfaces/stows"]
    body = _document(spec, "create", "starlink_interface_stows")
    async with v3_client(sim) as client:
        wrong = await client.post(spec.path, json={"data": {**body["data"], "type": "users"}})
        body["data"]["attributes"]["action"] = "spin"
        bad_action = await client.post(spec.path, json=body)
    assert wrong.status_code == 409
    assert wrong.json()["errors"][0]["source"]["pointer"] == "/data/type"
    assert bad_action.status_code == 400
    assert "stow, unstow" in bad_action.json()["errors"][0]["detail"]


async def test_modem_upgrade_writes_take_plain_json(sim: NcmSimulator, v3_client: Any) -> None:
    spec = V3_PATHS["modem_upgrades"]
    body = _document(spec, "create", "modem_upgrades")
    async with v3_client(sim) as client:
        jsonapi = await client.post("modem_upgrades", json=body)
        plain = await client.post(
            "modem_upgrades",
            json=body,
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
    assert jsonapi.status_code == 415
    assert plain.status_code == 201
    assert plain.json()["data"]["attributes"]["status"] == "pending"


async def test_delete_answers_204_with_no_body(sim: NcmSimulator, v3_client: Any) -> None:
    profile = sim.ground_truth("remote_connect_profiles", api="v3")[0]
    async with v3_client(sim) as client:
        deleted = await client.delete(f"remote_connect_profiles/{profile['id']}")
        gone = await client.get(f"remote_connect_profiles/{profile['id']}")
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert gone.status_code == 404


def _eids(sim: NcmSimulator) -> list[str]:
    return sorted({p["attributes"]["eid"] for p in sim.ground_truth("esim_profiles", api="v3")})


def _csv(*lines: str) -> bytes:
    return "\n".join(["eid,activation_string,nickname", *lines]).encode()


async def _upload(
    client: httpx.AsyncClient, operation: str | None, payload: bytes | None
) -> httpx.Response:
    parts: dict[str, Any] = {"note": (None, b"extra fields are ignored")}
    if operation is not None:
        parts["operation"] = (None, operation.encode())
    if payload is not None:
        parts["payload"] = ("activations.csv", payload, "text/csv")
    # httpx writes multipart/form-data with its boundary when no Content-Type is set.
    headers = {"Authorization": "Bearer token", "Accept": "application/vnd.api+json"}
    return await client.post(UPLOAD, files=parts, headers=headers)


async def test_activation_upload_creates_a_bulk_job_with_a_child_per_line(
    sim: NcmSimulator, v3_client: Any
) -> None:
    eids = _eids(sim)[:3]
    payload = _csv(*(f"{e},LPA:1$smdp.example$code{k},n{k}" for k, e in enumerate(eids)))
    async with v3_client(sim, headers={}) as client:
        created = await _upload(client, "preview", payload)
    parent = created.json()["data"]
    children = sim.ground_truth("esim_profile_activations", api="v3", parent=parent["id"])
    assert created.status_code == 201
    assert parent["type"] == "bulk_esim_profile_activations"
    assert parent["attributes"] | {"created_at": None} == {
        "operation": "preview",
        "state": "previewed",
        "file_name": "activations.csv",
        "total": 3,
        "created_at": None,
    }
    assert sorted(c["attributes"]["eid"] for c in children) == eids
    assert {c["attributes"]["state"] for c in children} == {"preview"}

    execute = {
        "data": {
            "type": "bulk_esim_profile_activations",
            "id": parent["id"],
            "attributes": {"operation": "execute"},
        }
    }
    async with v3_client(sim) as client:
        ran = await client.put(f"{UPLOAD}/{parent['id']}", json=execute)
    assert ran.status_code == 200
    assert ran.json()["data"]["attributes"]["state"] == "executing"
    states = {
        c["attributes"]["state"]
        for c in sim.ground_truth("esim_profile_activations", api="v3", parent=parent["id"])
    }
    assert states == {"queued"}


@pytest.mark.parametrize(
    ("operation", "lines", "parameter", "detail"),
    [
        (None, ["{eid},LPA:1$x$y,a"], "operation", "form field operation is required"),
        ("preview", None, "payload", "form field payload is required"),
        (
            "activate",
            ["{eid},LPA:1$x$y,a"],
            "operation",
            "operation must be one of preview, execute",
        ),
        ("preview", ["123,LPA:1$x$y,a"], "payload", "line 2: eid must be 32 digits"),
        ("preview", ["{eid},,a"], "payload", "line 2: activation_string is required"),
        (
            "preview",
            ["{eid},LPA:1$x$y,a", "99999999999999999999999999999999,LPA:1$x$y,b"],
            "payload",
            "line 3: eid 99999999999999999999999999999999 does not exist in the account",
        ),
    ],
)
async def test_activation_upload_is_validated(
    sim: NcmSimulator,
    v3_client: Any,
    operation: str | None,
    lines: list[str] | None,
    parameter: str,
    detail: str,
) -> None:
    eid = _eids(sim)[0]
    payload = None if lines is None else _csv(*(line.format(eid=eid) for line in lines))
    before = len(sim.ground_truth("esim_profile_activations", api="v3"))
    async with v3_client(sim, headers={}) as client:
        response = await _upload(client, operation, payload)
    assert response.status_code == 400
    assert response.json()["errors"][0]["source"] == {"parameter": parameter}
    assert response.json()["errors"][0]["detail"] == detail
    assert len(sim.ground_truth("esim_profile_activations", api="v3")) == before


async def test_activation_upload_needs_multipart(sim: NcmSimulator, v3_client: Any) -> None:
    async with v3_client(sim) as client:
        response = await client.post(UPLOAD, json={"operation": "preview"})
    assert response.status_code == 415
