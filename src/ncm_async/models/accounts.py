"""Accounts and users (v2 ``accounts``, ``users``)."""

from __future__ import annotations

import attrs

from ncm_async.models.base import LinkId, Record

__all__ = ["Account", "User"]


@attrs.define(kw_only=True)
class Account(Record):
    """An account or subaccount (``accounts``). POST responses' ``resource_url``
    is the collection URL, so ``resource_url`` does not always carry the id."""

    account: str | None = None
    id: str | None = None
    is_disabled: bool | None = None
    name: str | None = None
    resource_url: str | None = None

    account_id = LinkId("account")


@attrs.define(kw_only=True)
class User(Record):
    """A v2 user (``users``); read-only in v2 (v3 ``users`` manages them)."""

    account: str | None = None
    email: str | None = None
    first_name: str | None = None
    id: str | None = None
    last_name: str | None = None
    resource_url: str | None = None
    username: str | None = None

    account_id = LinkId("account")
