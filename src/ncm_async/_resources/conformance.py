"""Static proof that the resource mixins are what the catalog kinds promise.

The catalog annotates each endpoint with a kind (:mod:`ncm_async._endpoints.kinds`),
and that annotation is what mypy shows users; the objects they get are built from
the mixins. mypy checks these functions, so a mixin whose signature drifts from
its kind fails the type check. Nothing here runs.
"""

from __future__ import annotations

from typing import TypeVar

from ncm_async._endpoints import kinds
from ncm_async._resources.base import (
    Creatable,
    Deletable,
    Gettable,
    Listable,
    Patchable,
    Updatable,
)
from ncm_async._resources.v2.actions import (
    RebootActivityEndpoint,
    TestAlertPushDestinationsEndpoint,
)
from ncm_async._resources.v3.base import V3Deletable, V3Gettable, V3Listable
from ncm_async._resources.v3.regrades import RegradesEndpoint
from ncm_async._resources.v3.writes import V3Creatable, V3Patchable, V3Updatable
from ncm_async.models import RebootActivity, TestAlertPushDestination
from ncm_async.models.base import Record
from ncm_async.models.v3 import RegradeAttributes

M = TypeVar("M")
A = TypeVar("A", bound=Record)


def v2_operations(
    *,
    lists: Listable[M],
    gets: Gettable[M],
    creates: Creatable[M],
    updates: Updatable[M],
    patches: Patchable[M],
    deletes: Deletable[M],
) -> tuple[
    kinds.Lists[M],
    kinds.Gets[M],
    kinds.Creates[M],
    kinds.Updates[M],
    kinds.Patches[M],
    kinds.Deletes,
]:
    """Each v2 mixin satisfies its single-operation kind."""
    return lists, gets, creates, updates, patches, deletes


def v3_operations(
    *,
    lists: V3Listable[A],
    gets: V3Gettable[A],
    creates: V3Creatable[A],
    updates: V3Updatable[A],
    patches: V3Patchable[A],
    deletes: V3Deletable[A],
) -> tuple[
    kinds.V3Lists[A],
    kinds.V3Gets[A],
    kinds.V3Creates[A],
    kinds.V3Updates[A],
    kinds.V3Patches[A],
    kinds.V3Deletes,
]:
    """Each v3 mixin satisfies its single-operation kind."""
    return lists, gets, creates, updates, patches, deletes


def special_kinds(
    *,
    reboot: RebootActivityEndpoint,
    push_test: TestAlertPushDestinationsEndpoint,
    regrades: RegradesEndpoint,
) -> tuple[
    kinds.Reboots[RebootActivity],
    kinds.PushTest[TestAlertPushDestination],
    kinds.V3Regrades[RegradeAttributes],
]:
    """The hand-written classes satisfy the kinds they are registered for."""
    return reboot, push_test, regrades
