"""The client's v2 endpoint descriptions agree with the docs, entry by entry."""

from __future__ import annotations

import pytest
from deliberate import DELIBERATE
from endpoint_views import client_view, differences, docs_view, explain

from ncm_async._endpoints.v2 import V2_ENDPOINTS
from ncm_async.testing.v2_docs import V2_DOCS


def test_the_client_describes_exactly_the_documented_endpoints() -> None:
    assert sorted(V2_ENDPOINTS) == sorted(V2_DOCS)


@pytest.mark.parametrize("name", sorted(V2_DOCS))
def test_endpoint_matches_the_docs(name: str) -> None:
    docs = docs_view(V2_DOCS[name])
    client = client_view(V2_ENDPOINTS[name], V2_DOCS[name].keyset)
    found = differences("v2", name, docs, client)
    allowed = {k for k in DELIBERATE if k.startswith(f"v2.{name}.")}
    unexplained = sorted(explain(k, docs, client) for k in found - allowed)
    stale = sorted(allowed - found)
    assert not unexplained, "undeclared differences:\n" + "\n".join(unexplained)
    assert not stale, f"listed as deliberate but no longer different: {stale}"


def test_every_deliberate_difference_says_why() -> None:
    for key, reason in DELIBERATE.items():
        api, _, name = key.partition(".")
        assert api in ("v2", "v3")
        assert name
        assert len(reason.split()) >= 5, key
