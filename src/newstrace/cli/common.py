"""Shared CLI pieces: options, logging, progress bars, output formats."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

stderr = Console(stderr=True)

db_option = click.option(
    "--db", default="newstrace.db", show_default=True, type=click.Path(dir_okay=False),
    help="The SQLite store.",
)
quiet_option = click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
verbose_option = click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")


def format_option(*choices: str, default: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--format`` with the given choices."""
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
        help="Output format (data goes to stdout).",
    )


def setup_logging(verbose: int) -> None:
    """Logs go to stderr; -v for info, -vv for debug."""
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")


def to_jsonable(value: Any) -> Any:
    """Records (dataclasses) to plain JSON values."""
    if is_dataclass(value) and not isinstance(value, type):
        return {k: to_jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def emit_json(value: Any) -> None:
    """One JSON document on stdout."""
    click.echo(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2))


def emit_jsonl(value: Any) -> None:
    """One JSON line on stdout."""
    click.echo(json.dumps(to_jsonable(value), ensure_ascii=False))


_LABELS = {"read": "Reading", "index": "Indexing", "align": "Aligning", "images": "Pictures"}
_RATES = {"images": "{:,.1f} pictures/s"}


@contextmanager
def progress_bars(quiet: bool) -> Iterator[Callable[[str, int, int], None]]:
    """A ``progress(stage, done, total)`` hook drawing rich bars with a rate on stderr."""
    if quiet or (not stderr.is_terminal and not _forced()):
        yield lambda stage, done, total: None
        return
    columns = (
        SpinnerColumn(), TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
    )
    with Progress(*columns, console=stderr, transient=False) as bars:
        tasks: dict[str, Any] = {}

        def hook(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(_LABELS.get(stage, stage), total=total or None, rate="")
            task = tasks[stage]
            bars.update(task, completed=done, total=total or None)
            elapsed = bars.tasks[task].elapsed or 0.0
            rate = _RATES.get(stage, "{:,.0f} docs/s").format(done / elapsed) if elapsed > 0.05 else ""
            bars.update(task, rate=rate)

        yield hook


def _forced() -> bool:
    import os

    return os.environ.get("NEWSTRACE_PROGRESS") == "1"
