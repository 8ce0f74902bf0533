"""``ncm.v3.esim_profile_activations``: the eSIM activation upload, a multipart POST.

v3-and-limits: "activations POST is multipart (``operation`` field, ``payload``
file)". The payload is a CSV with ``eid`` and ``activation_string`` columns
(``confirmation_code`` and ``nickname`` optional); the server answers with a bulk
job (type ``bulk_esim_profile_activations``) and one child activation per line.
``operation="preview"`` only checks and records the lines; ``update(job,
operation="execute")`` (or uploading with ``"execute"``) runs them. The file is
read into memory before anything is sent, so a retried request sends the same
bytes and a bad argument fails before any I/O.
"""

from __future__ import annotations

import os
from typing import Any

import anyio

from ncm_async._endpoints.kinds import UploadPayload
from ncm_async._request import FormFile, MultipartForm
from ncm_async._resources.v3 import documents
from ncm_async._resources.v3.base import V3Gettable, V3Listable
from ncm_async._resources.v3.writes import V3Updatable
from ncm_async.converter import structure_resource
from ncm_async.errors import ConfigurationError
from ncm_async.models.base import Record
from ncm_async.models.v3 import V3Resource

__all__ = ["OPERATIONS", "EsimActivationsEndpoint", "read_payload"]

OPERATIONS = ("preview", "execute")
"""The ``operation`` values of an activation upload."""


async def read_payload(payload: UploadPayload, filename: str | None) -> tuple[bytes, str]:
    """The bytes and file name of an upload given as a path, bytes or a binary file.

    Raises:
        ConfigurationError: Any other type, a text-mode file, a missing file or an
            empty payload.
    """
    if isinstance(payload, str | os.PathLike):
        path = anyio.Path(os.fspath(payload))
        try:
            content = await path.read_bytes()
        except OSError as exc:
            msg = f"payload: cannot read {os.fspath(payload)!r} ({exc.strerror or exc})"
            raise ConfigurationError(msg) from None
        name = filename or path.name
    elif isinstance(payload, bytes | bytearray | memoryview):
        content, name = bytes(payload), filename or "activations.csv"
    elif callable(getattr(payload, "read", None)):
        data: Any = payload.read()
        if not isinstance(data, bytes):
            kind = type(data).__name__
            msg = f"payload: read() gave {kind}, expected bytes (open the file with 'rb')"
            raise ConfigurationError(msg)
        content = data
        own = getattr(payload, "name", None)
        name = filename or (os.path.basename(own) if isinstance(own, str) else "activations.csv")
    else:
        msg = f"payload: expected a path, bytes or a binary file, got {type(payload).__name__}"
        raise ConfigurationError(msg)
    if not content:
        msg = "payload: the file is empty"
        raise ConfigurationError(msg)
    return content, name


class EsimActivationsEndpoint(V3Listable[Record], V3Gettable[Record], V3Updatable[Record]):
    """``beta/esim_profile_activations``: bulk activation jobs and their per-EID children."""

    async def create(
        self, operation: str, payload: UploadPayload, *, filename: str | None = None
    ) -> V3Resource[Record]:
        """Upload an activation CSV: the bulk job it creates (201).

        Args:
            operation: ``"preview"`` (check and record only) or ``"execute"``.
            payload: The CSV: a path, its bytes, or a binary file object.
            filename: The file name to send (default: the path's or file's own).

        Raises:
            ConfigurationError: A bad operation or payload, before anything is sent.
            BadRequestError: The server rejects lines of the CSV (the error names them).
        """
        if operation not in OPERATIONS:
            allowed = ", ".join(OPERATIONS)
            msg = f"{self.spec.name}: operation must be one of {allowed}, got {operation!r}"
            raise ConfigurationError(msg)
        content, name = await read_payload(payload, filename)
        form = MultipartForm(
            fields=(("operation", operation),),
            files=(FormFile("payload", name, content, "text/csv"),),
        )
        response = await self._send("POST", self.url, form=form)
        data = documents.resource_data(response.body, f"POST {self.url}")
        return structure_resource(data, self.attributes)
