"""The eSIM activation upload (multipart through the one transport) and bulk pulls over v3."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import httpx
import pytest

from ncm_async import AsyncNcmClient, BadRequestError, ConfigurationError, RetryPolicy
from ncm_async.clock import FakeClock
from ncm_async.testing import NcmSimulator
from ncm_async.testing.v3_multipart import parse_form

pytestmark = pytest.mark.anyio


def _csv(sim: NcmSimulator, count: int = 3) -> bytes:
    eids = sorted({p["attributes"]["eid"] for p in sim.ground_truth("esim_profiles", api="v3")})
    lines = [f"{e},LPA:1$smdp.example$code{k},site-{k}" for k, e in enumerate(eids[:count])]
    return "\n".join(["eid,activation_string,nickname", *lines]).encode()


@pytest.mark.parametrize("given", ["path", "str path", "bytes", "file", "memoryview"])
async def test_upload_accepts_a_path_bytes_or_a_binary_file(
    sim: NcmSimulator, ncm: AsyncNcmClient, tmp_path: Path, given: str
) -> None:
    content = _csv(sim)
    path = tmp_path / "batch-7.csv"
    path.write_bytes(content)
    with path.open("rb") as handle:
        payload: Any = {
            "path": path,
            "str path": str(path),
            "bytes": content,
            "file": handle,
            "memoryview": memoryview(content),
        }[given]
        job = await ncm.v3.esim_profile_activations.create("preview", payload)
    children = await ncm.v3.esim_profile_activations.list(
        parent=job.id, type="esim_profile_activations"
    ).collect()
    assert job.type == "bulk_esim_profile_activations"
    assert job.attributes is not None
    extra = job.attributes.extra
    assert (extra["operation"], extra["state"], extra["total"]) == ("preview", "previewed", 3)
    assert extra["file_name"] == (
        "activations.csv" if given in ("bytes", "memoryview") else path.name
    )
    assert len(children) == 3
    post = next(r for r in sim.requests if r.method == "POST")
    assert post.status == 201


async def test_execute_runs_a_previewed_job(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    job = await ncm.v3.esim_profile_activations.create("preview", _csv(sim, 2))
    ran = await ncm.v3.esim_profile_activations.update(job, operation="execute")
    children = await ncm.v3.esim_profile_activations.list(parent=job.id, state="queued").collect()
    assert ran is not None
    assert ran.attributes is not None
    assert ran.attributes.extra["state"] == "executing"
    assert len(children) == 2


@pytest.mark.parametrize(
    ("operation", "payload", "problem"),
    [
        ("activate", b"eid\n1", "operation must be one of preview, execute"),
        ("preview", b"", "the file is empty"),
        ("preview", "no/such/file.csv", "cannot read 'no/such/file.csv'"),
        ("preview", io.StringIO("eid,activation_string\n"), "open the file with 'rb'"),
        ("preview", 42, "expected a path, bytes or a binary file, got int"),
    ],
)
async def test_bad_uploads_fail_before_any_request(
    sim: NcmSimulator, ncm: AsyncNcmClient, operation: str, payload: Any, problem: str
) -> None:
    with pytest.raises(ConfigurationError, match=problem):
        await ncm.v3.esim_profile_activations.create(operation, payload)
    assert sim.requests == []


async def test_lines_the_server_rejects_are_named(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    bad = b"eid,activation_string\n" + b"9" * 32 + b",LPA:1$x$y\n"
    with pytest.raises(BadRequestError, match=r"line 2: eid 9{32} does not exist in the account"):
        await ncm.v3.esim_profile_activations.create("preview", bad)


async def test_a_throttled_upload_is_sent_again_byte_for_byte() -> None:
    """The multipart body goes through the transport's retry loop like any other."""
    clock = FakeClock()
    bodies: list[tuple[str, bytes]] = []
    answers = [
        httpx.Response(
            409, json={"message": "Conflict with internal rules. i.e. invalid app-key."}
        ),
        httpx.Response(201, json={"data": {"id": "j1", "type": "bulk_esim_profile_activations"}}),
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append((request.headers["content-type"], request.read()))
        return answers.pop(0)

    retry = RetryPolicy(max_attempts=3, max_total_seconds=60, jitter=False)
    client = AsyncNcmClient(
        v3_token="token", transport=httpx.MockTransport(handler), clock=clock, retry=retry
    )
    async with clock.autojump(), client as ncm:
        job = await ncm.v3.esim_profile_activations.create(
            "execute", b"eid,activation_string\n1,x\n"
        )
    assert job.id == "j1"
    assert len(bodies) == 2
    assert bodies[0] == bodies[1]
    content_type, body = bodies[0]
    assert content_type.startswith("multipart/form-data; boundary=")
    form = parse_form(content_type, body)
    assert form["operation"].content == b"execute"
    assert (form["payload"].filename, form["payload"].content) == (
        "activations.csv",
        b"eid,activation_string\n1,x\n",
    )


@pytest.mark.parametrize(
    "name", ["lan_devices", "unmasked_wifi_passwords", "remote_connect_profiles"]
)
async def test_bulk_list_over_a_v3_endpoint_is_exact(
    sim: NcmSimulator, ncm: AsyncNcmClient, name: str
) -> None:
    ids = sim.fleet.router_ids[:40]
    stream = ncm.bulk.list(getattr(ncm.v3, name), key="router", ids=ids)
    records = [r async for r in stream]
    expected = [r for i in ids for r in sim.ground_truth(name, api="v3", router=i)]
    assert sorted((r.id, r.type) for r in records) == sorted((e["id"], e["type"]) for e in expected)
    assert len(records) == len(expected) > 0
    report = stream.report
    assert (report.records, report.ids_done, report.failed) == (len(expected), len(ids), {})
    assert report.requests == len(sim.requests)
    assert {r.path for r in sim.requests} == {f"/api/v3/{getattr(ncm.v3, name).spec.path}"}
