"""Inputs: expand folders and globs into files, then read each with the reader for its format."""

from __future__ import annotations

import enum
import glob
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Literal, TypeAlias

from newstrace.ingest.base import ReaderConfig, reader_for
from newstrace.ingest.jsonl import JsonlReader
from newstrace.records import Article, IngestProblem

__all__ = ["STDIN", "Input", "discover", "read_input", "read_paths"]


class _Stdin(enum.Enum):
    STDIN = "-"


STDIN = _Stdin.STDIN
"""The input ``-``: JSONL read from standard input."""

Input: TypeAlias = Path | IngestProblem | Literal[_Stdin.STDIN]
"""One discovered input: a file, standard input, or the problem met looking for one."""

_GLOB_CHARS = frozenset("*?[")


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _walk(folder: Path) -> Iterator[Path | IngestProblem]:
    """The regular files under ``folder``, recursively and sorted, without hidden ones."""
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        dirs[:] = sorted(d for d in dirs if not _is_hidden(d))
        for name in sorted(files):
            path = Path(root) / name
            if not _is_hidden(name) and path.is_file():  # no sockets or FIFOs
                yield path
    for exc in errors:
        reason = exc.strerror or str(exc)
        yield IngestProblem(str(exc.filename or folder), None, f"cannot read folder: {reason}")


def _expand(arg: str) -> Iterator[Path | IngestProblem]:
    """The files one command-line argument stands for (a file, a folder, a glob)."""
    path = Path(arg)
    if path.is_dir():
        found = False
        for item in _walk(path):
            found = found or isinstance(item, Path)
            yield item
        if not found:
            yield IngestProblem(arg, None, "folder holds no readable files", "warning")
    elif path.exists():
        yield path
    elif _GLOB_CHARS & set(arg):
        matches = sorted(glob.glob(arg, recursive=True))
        if not matches:
            yield IngestProblem(arg, None, "glob matched no files")
        for match in matches:
            yield from (_walk(Path(match)) if os.path.isdir(match) else [Path(match)])
    else:
        yield IngestProblem(arg, None, "no such file or directory")


def discover(paths: Iterable[str]) -> list[Input]:
    """List the inputs behind command-line arguments, in order, each file once.

    Folders are walked recursively in sorted order, skipping hidden files and folders;
    globs use ``glob.glob(recursive=True)``; ``-`` is :data:`STDIN`. Missing paths and empty
    globs become failed problems in the list, so a caller can count the files for a progress
    bar and report the rest.

    Example:
        >>> discover(["-", "no/such/file.txt"])[1].message
        'no such file or directory'
    """
    inputs: list[Input] = []
    seen: set[str] = set()
    for arg in paths:
        if arg == "-":
            if "-" not in seen:
                seen.add("-")
                inputs.append(STDIN)
            continue
        for item in _expand(arg):
            if isinstance(item, Path):
                key = os.path.realpath(item)
                if key in seen:
                    continue
                seen.add(key)
            inputs.append(item)
    return inputs


def read_input(
    item: Input, config: ReaderConfig | None = None, stdin: BinaryIO | None = None
) -> Iterator[Article | IngestProblem]:
    """Read one discovered input (a problem is passed through as it is)."""
    config = config or ReaderConfig()
    if isinstance(item, IngestProblem):
        yield item
    elif isinstance(item, Path):
        yield from reader_for(item).read(item, config)
    else:
        stream = stdin if stdin is not None else sys.stdin.buffer
        yield from JsonlReader().read_stream(stream, "<stdin>", config, name="stdin")


def read_paths(
    paths: Iterable[str], config: ReaderConfig | None = None, stdin: BinaryIO | None = None
) -> Iterator[Article | IngestProblem]:
    """Read every article behind ``paths`` (files, folders, globs, ``-`` for JSONL on stdin).

    Bad input never raises: it comes out as :class:`~newstrace.records.IngestProblem`
    records among the articles, in input order.

    Example:
        >>> from newstrace.records import Article
        >>> items = list(read_paths(["does-not-exist.txt"]))
        >>> str(items[0])
        'does-not-exist.txt: no such file or directory'
    """
    config = config or ReaderConfig()
    for item in discover(paths):
        yield from read_input(item, config, stdin)
