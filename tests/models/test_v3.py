"""v3 JSON:API resources."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from ncm_async._endpoints.v3 import V3_ENDPOINTS
from ncm_async.converter import (
    structure,
    structure_many,
    structure_resource,
    structure_resources,
    unstructure,
)
from ncm_async.errors import ResponseValidationError
from ncm_async.models import (
    Record,
    SubscriptionAttributes,
    UserAttributes,
    V3Resource,
)

USER: dict[str, Any] = {
    "id": "vOAwbBPFbagt12l9",
    "type": "users",
    "attributes": {
        "email": "albert@some.com",
        "first_name": "Albert",
        "last_name": "Wilson",
        "is_active": True,
        "last_login": "2024-01-17T10:11:12.000123Z",
        "pending_email": None,
    },
    "relationships": {"tenant": {"data": {"type": "tenants", "id": "0013800001TB9s1"}}},
    "links": {"self": "https://api.cradlepointecm.com/api/v3/users/vOAwbBPFbagt12l9"},
}


def test_user_resource() -> None:
    user = structure_resource(USER, UserAttributes)
    assert isinstance(user, V3Resource)
    assert (user.id, user.type) == ("vOAwbBPFbagt12l9", "users")
    assert isinstance(user.attributes, UserAttributes)
    assert user.attributes.email == "albert@some.com"
    assert user.attributes.last_login == datetime(2024, 1, 17, 10, 11, 12, 123, tzinfo=UTC)
    assert user.related_id("tenant") == "0013800001TB9s1"
    assert user.related_ids("missing") == []
    expected: dict[str, Any] = {
        **USER,
        "attributes": {**USER["attributes"], "last_login": "2024-01-17T10:11:12.000123+00:00"},
    }
    assert unstructure(user) == expected


def test_collaborator_users_have_a_reduced_attribute_set() -> None:
    doc = {
        "id": "c1",
        "type": "collaborators",
        "attributes": {"email": "c@x.com", "first_name": "C", "last_name": "X", "timeout": 30},
    }
    user = structure_resource(doc, UserAttributes)
    assert user.attributes is not None
    assert user.attributes.timeout == 30
    assert user.attributes.is_active is None
    assert unstructure(user) == doc


def test_unknown_members_and_attributes_are_kept() -> None:
    doc = {
        "id": "s1",
        "type": "subscriptions",
        "attributes": {"name": "NCE", "quantity": 5, "brand_new": [1]},
        "lid": "local",
        "meta": {"x": 1},
    }
    sub = structure_resource(doc, SubscriptionAttributes)
    assert sub.extra == {"lid": "local"}
    assert sub.meta == {"x": 1}
    assert sub.attributes is not None
    assert sub.attributes.extra == {"brand_new": [1]}
    assert unstructure(sub) == doc


def test_single_resource_documents_are_unwrapped() -> None:
    user = structure_resource({"data": USER, "links": {}}, UserAttributes)
    assert user.id == USER["id"]


def test_to_many_relationships() -> None:
    doc = {
        "id": "e1",
        "type": "exchange_user_managed_sites",
        "relationships": {
            "endpoints": {
                "data": [{"type": "endpoints", "id": "1"}, {"type": "endpoints", "id": 2}]
            }
        },
    }
    site = structure_resource(doc, V3_ENDPOINTS["exchange_sites"].model)
    assert site.related_ids("endpoints") == ["1", "2"]
    assert site.attributes is None


def test_structure_resources_builds_a_page() -> None:
    page = structure_resources(
        [USER, {"id": "2", "type": "users", "attributes": {"email": "b@x"}}], UserAttributes
    )
    assert [r.attributes.email for r in page if r.attributes] == ["albert@some.com", "b@x"]


@pytest.mark.parametrize("bad", [[USER], "users", {"id": "1", "attributes": ["x"]}])
def test_wrong_shapes(bad: Any) -> None:
    with pytest.raises(ResponseValidationError):
        structure_resource(bad, UserAttributes)
    with pytest.raises(ResponseValidationError):
        structure_resources([bad], UserAttributes)


def test_v3_models_cover_the_documented_endpoints() -> None:
    assert {n for n, s in V3_ENDPOINTS.items() if s.model is not Record} == {
        "users",
        "subscriptions",
        "asset_endpoints",
        "regrades",
        "tenants",
        "exchange_sites",
        "exchange_resources",
    }


def test_generic_alias_structures_attributes() -> None:
    user = structure(USER, V3Resource[UserAttributes])
    assert isinstance(user.attributes, UserAttributes)
    page = structure_many([USER], V3Resource[UserAttributes])
    assert page == [user]
    with pytest.raises(ResponseValidationError, match="at index 0, got null"):
        structure_many([None], V3Resource[UserAttributes])  # type: ignore[list-item]
