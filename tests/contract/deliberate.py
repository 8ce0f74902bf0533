"""Every deliberate difference between the client's endpoint descriptions and the docs.

The one place such differences are allowed: ``"<api>.<endpoint>.<aspect>"`` (filters
and operations per field / operation, e.g. ``v2.routers.filters.state``) -> why the
client departs from the docs. The contract tests fail on any difference missing
here and on any entry here that is no longer a difference.
"""

from __future__ import annotations

DELIBERATE: dict[str, str] = {}
