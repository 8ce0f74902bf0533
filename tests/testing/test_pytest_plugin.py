"""The pytest plugin, used the way a user's test suite uses it (a pytest run of its own)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

USER_TESTS = textwrap.dedent(
    """
    import pytest
    from ncm_async import AuthenticationError, RetryPolicy
    from ncm_async.testing import SimRateLimit

    pytest_plugins = ["ncm_async.testing.pytest_plugin"]
    pytestmark = pytest.mark.anyio


    @pytest.fixture(params=["asyncio", "trio"])
    def anyio_backend(request):
        return request.param


    async def test_defaults(ncm_client, ncm_simulator):
        routers = await ncm_client.v2.routers.list().collect()
        assert len(routers) == len(ncm_simulator.ground_truth("routers")) == 100


    @pytest.mark.ncm_simulator(routers=50, seed=3)
    async def test_marker_sets_size_and_seed(ncm_client, ncm_simulator):
        ids = [r.id async for r in ncm_client.v2.routers.list(fields=["id"])]
        assert ids == [str(r["id"]) for r in ncm_simulator.ground_truth("routers")]
        assert len(ids) == 50
        assert len(ncm_simulator.requests) == 1


    @pytest.mark.parametrize("ncm_simulator", [{"routers": 7}, {"routers": 9}], indirect=True)
    async def test_indirect_parameters(ncm_client, ncm_simulator):
        routers = await ncm_client.v2.routers.list().collect()
        assert len(routers) == len(ncm_simulator.fleet.router_ids)


    @pytest.mark.ncm_simulator(
        routers=20,
        faults={"transient_rate": 0.5, "seed": 1, "kinds": ("500", "drop")},
        client={"retry": RetryPolicy(max_attempts=20)},
        fake_clock=True,
    )
    async def test_faults_and_client_options(ncm_client, ncm_simulator, ncm_clock):
        assert len(await ncm_client.v2.routers.list(limit=2).collect()) == 20
        faulted = [r for r in ncm_simulator.requests if r.fault is not None]
        assert ncm_client.stats.retries == len(faulted) > 0
        assert ncm_clock.sleeps


    @pytest.mark.ncm_simulator(routers=10, fake_clock=True,
                               rate_limit=SimRateLimit(requests_per_minute=60, burst=5))
    async def test_rate_limit_on_a_fake_clock(ncm_client, ncm_simulator, ncm_clock):
        for _ in range(3):
            assert len(await ncm_client.v2.routers.list(limit=1).collect()) == 10
        throttled = ncm_simulator.counters.throttled
        assert ncm_simulator.counters.requests == 30 + throttled
        assert ncm_client.stats.throttles == throttled > 0
        assert ncm_clock.now() >= 25  # 25 requests beyond the burst of 5, at one a second


    @pytest.mark.ncm_simulator(routers=3, v2_keys=("a", "b", "c", "d"))
    async def test_enforced_keys(ncm_client):
        with pytest.raises(AuthenticationError):
            await ncm_client.v2.routers.get(1)


    SEEN = []


    async def test_remember_the_client(ncm_client):
        SEEN.append(ncm_client)


    def test_the_client_was_closed_after_its_test():
        assert len(SEEN) == 2
        assert all(client._http.is_closed for client in SEEN)
    """
)


def run_pytest(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args, str(path)],
        capture_output=True,
        text=True,
        cwd=path.parent,
        timeout=300,
        check=False,
    )


def test_a_users_test_file_passes_on_asyncio_and_trio(tmp_path: Path) -> None:
    test_file = tmp_path / "test_user.py"
    test_file.write_text(USER_TESTS)
    done = run_pytest(test_file, "--strict-markers", "-vv")
    assert done.returncode == 0, done.stdout + done.stderr
    passed = [line for line in done.stdout.splitlines() if " PASSED" in line]
    assert len(passed) == 17
    assert sum("[asyncio" in line for line in passed) == 8
    assert sum("[trio" in line for line in passed) == 8


def test_unknown_options_are_usage_errors_naming_the_valid_ones(tmp_path: Path) -> None:
    test_file = tmp_path / "test_typo.py"
    test_file.write_text(
        textwrap.dedent(
            """
            import pytest
            pytest_plugins = ["ncm_async.testing.pytest_plugin"]

            @pytest.mark.ncm_simulator(router=5)
            def test_typo(ncm_simulator):
                pass
            """
        )
    )
    done = run_pytest(test_file)
    assert done.returncode == 1
    assert "unknown ncm_simulator option(s) router; valid: " in done.stdout
    assert "routers" in done.stdout


@pytest.mark.anyio
async def test_fixtures_in_process(anyio_backend: str) -> None:
    """The fixture functions build what they say, without a pytest run of their own."""
    from ncm_async.testing.pytest_plugin import build_simulator

    sim = build_simulator({"routers": 4, "seed": 2, "rate_limit": 120})
    assert len(sim.fleet.router_ids) == 4
    assert sim.rate_limit is not None
    assert sim.rate_limit.requests_per_minute == 120.0
