"""Run the ```python blocks of a Markdown file the way a reader pastes them.

Rules (the README's contract with its writers):

- ``ncm`` is an open ``AsyncNcmClient.from_env()`` (top-level ``await`` allowed), or an
  ``NcmClient.from_env()`` for a block under a heading that mentions "blocking".
- A statement whose comment *starts* with an exception class name
  (``# ConfigurationError naming ...``) must raise that exception.
- A block preceded by ``<!-- not runnable -->`` is skipped.
- Blocks of one file share one namespace, top to bottom (imports carry over);
  ``ncm`` is a fresh client for each block.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import io
import re
import tokenize
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import anyio
import attrs

import ncm_async
from ncm_async import errors

NOT_RUNNABLE = "<!-- not runnable -->"
_FENCE = re.compile(r"^```(\w*)\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_RAISES = re.compile(r"^#\s*([A-Z]\w*(?:Error|Exception))\b")


@attrs.frozen
class Block:
    """One fenced ```python block."""

    code: str
    line: int
    heading: str
    runnable: bool

    @property
    def blocking(self) -> bool:
        return "blocking" in self.heading.lower()

    def __str__(self) -> str:
        return f"line {self.line} ({self.heading})"


def python_blocks(text: str) -> list[Block]:
    """Every ```python block with its line number, nearest heading and runnable flag."""
    blocks: list[Block] = []
    heading = ""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if match := _HEADING.match(line):
            heading = match.group(2).strip()
        fence = _FENCE.match(line)
        if fence is None:
            i += 1
            continue
        start = i
        i += 1
        body: list[str] = []
        while i < len(lines) and not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        i += 1
        if fence.group(1) != "python":
            continue
        before = [p for p in lines[:start] if p.strip()]
        runnable = not (before and before[-1].strip() == NOT_RUNNABLE)
        blocks.append(Block("\n".join(body) + "\n", start + 2, heading, runnable))
    return blocks


def exception_class(name: str) -> type[BaseException]:
    """The class a raise-comment names: from ncm_async, its errors or the builtins."""
    for source in (ncm_async, errors, builtins):
        found = getattr(source, name, None)
        if isinstance(found, type) and issubclass(found, BaseException):
            return found
    msg = f"a comment says {name} is raised, but no such exception class exists"
    raise AssertionError(msg)


def _raise_comments(code: str) -> dict[int, str]:
    found: dict[int, str] = {}
    for tok in tokenize.generate_tokens(io.StringIO(code).readline):
        if tok.type == tokenize.COMMENT and (match := _RAISES.match(tok.string)):
            found[tok.start[0]] = match.group(1)
    return found


class _WrapRaising(ast.NodeTransformer):
    """Wraps each simple statement carrying a raise-comment in ``with __raises__(Cls):``."""

    def __init__(self, comments: Mapping[int, str]) -> None:
        self.comments = dict(comments)

    def generic_visit(self, node: ast.AST) -> ast.AST:
        for field in ("body", "orelse", "finalbody"):
            statements = getattr(node, field, None)
            if isinstance(statements, list) and all(isinstance(s, ast.stmt) for s in statements):
                setattr(node, field, [self._wrap(s) for s in statements])
        return super().generic_visit(node)

    def _wrap(self, stmt: ast.stmt) -> ast.stmt:
        if hasattr(stmt, "body"):
            return stmt
        end = stmt.end_lineno or stmt.lineno
        names = [self.comments.pop(n) for n in range(stmt.lineno, end + 1) if n in self.comments]
        if not names:
            return stmt
        call = ast.Call(ast.Name("__raises__", ast.Load()), [ast.Constant(names[0])], [])
        wrapped = ast.With([ast.withitem(call)], [stmt])
        return ast.copy_location(wrapped, stmt)


def compile_block(block: Block, filename: str) -> Any:
    """The block's code object (top-level ``await`` allowed), raise-comments wrapped."""
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    tree = compile(block.code, filename, "exec", flags=flags | ast.PyCF_ONLY_AST)
    comments = _raise_comments(block.code)
    transformer = _WrapRaising(comments)
    tree = transformer.visit(tree)
    if transformer.comments:
        lines = sorted(transformer.comments)
        msg = f"{block}: raise-comments on lines {lines} are not on a simple statement"
        raise AssertionError(msg)
    ast.fix_missing_locations(tree)
    tree = ast.increment_lineno(tree, block.line - 1)
    return compile(tree, filename, "exec", flags=flags)


@contextmanager
def _raises(name: str) -> Iterator[None]:
    expected = exception_class(name)
    try:
        yield
    except expected:
        return
    msg = f"the comment says {name} is raised, but the statement completed"
    raise AssertionError(msg)


def run_block(block: Block, namespace: dict[str, Any], filename: str) -> None:
    """Run one block in ``namespace`` with a fresh ``ncm`` (see the module docstring)."""
    code = compile_block(block, filename)
    namespace["__raises__"] = _raises
    is_coroutine = bool(code.co_flags & inspect.CO_COROUTINE)
    if block.blocking:
        if is_coroutine:
            msg = f"{block}: a block under a blocking-client heading uses await"
            raise AssertionError(msg)
        with ncm_async.NcmClient.from_env() as ncm:
            namespace["ncm"] = ncm
            exec(code, namespace)
        return
    if not is_coroutine:
        # No await: the block may start its own event loop (anyio.run(main)).
        client = ncm_async.AsyncNcmClient.from_env()
        namespace["ncm"] = client
        try:
            exec(code, namespace)
        finally:
            anyio.run(client.aclose)
        return

    async def main() -> None:
        async with ncm_async.AsyncNcmClient.from_env() as ncm:
            namespace["ncm"] = ncm
            await eval(code, namespace)

    anyio.run(main)
