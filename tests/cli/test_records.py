"""Small record-side helpers: error lines for the summary, ids files from disk."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from ncm_async.cli.session import CliError
from ncm_async.cli.sources import describe_error, read_ids
from ncm_async.errors import APIConnectionError, PermissionDeniedError


def test_errors_lose_the_request_url_but_keep_the_reason() -> None:
    request = httpx.Request("GET", "https://x/api/v2/router_state_samples/?router__in=1")
    response = httpx.Response(403, request=request)
    error = PermissionDeniedError(
        "GET https://x/api/v2/router_state_samples/?router__in=1: HTTP 403: forbidden",
        response=response,
    )
    assert describe_error(error) == "HTTP 403: forbidden"
    assert describe_error(APIConnectionError("connection\nreset")) == "connection reset"


def test_ids_files_are_read_or_refused_with_the_file_named(tmp_path: Path) -> None:
    path = tmp_path / "ids.txt"
    path.write_text("1\n2 # two\n")
    assert read_ids(str(path)) == ["1", "2"]
    path.write_text("1\nfoo\n")
    with pytest.raises(CliError, match=r"ids.txt, line 2: 'foo' is not an id"):
        read_ids(str(path))
    with pytest.raises(CliError, match="No such file"):
        read_ids(str(tmp_path / "missing.txt"))
