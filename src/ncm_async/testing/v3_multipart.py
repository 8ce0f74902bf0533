"""``multipart/form-data`` request bodies, read the way a web framework reads them (pure).

The eSIM activation upload is the one v3 write that is not JSON (v3-and-limits:
"activations POST is multipart (``operation`` field, ``payload`` file)").
"""

from __future__ import annotations

from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import HTTP

import attrs

from ncm_async.testing.bodies import jsonapi_error


@attrs.frozen
class FormPart:
    """One part of a form: its field name, the file name of a file part, its bytes."""

    name: str
    filename: str | None
    content: bytes


def parse_form(content_type: str, body: bytes) -> dict[str, FormPart]:
    """The parts of a ``multipart/form-data`` body by field name.

    Raises:
        ApiError: 400 when the body is not a well-formed multipart form.
    """
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    if not isinstance(message, EmailMessage) or not message.is_multipart():
        raise jsonapi_error(400, "the body is not a multipart/form-data form")
    parts: dict[str, FormPart] = {}
    for part in message.iter_parts():
        if not isinstance(part, EmailMessage):
            continue
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or not name:
            raise jsonapi_error(400, "a form part has no field name")
        raw = part.get_payload(decode=True)
        content = raw if isinstance(raw, bytes) else b""
        parts[name] = FormPart(name, part.get_filename(), content)
    if not parts:
        raise jsonapi_error(400, "the multipart form is empty")
    return parts
