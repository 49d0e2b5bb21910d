"""The batch output directory: Parquet tables, the run summary and the input problems.

```
DIR/documents/*.parquet   one row per document (rows.DOCUMENT_COLUMNS)
DIR/links/*.parquet       one row per reused passage (rows.LINK_COLUMNS)
DIR/stories/*.parquet     one row per document: its story (rows.STORY_COLUMNS)
DIR/problems.jsonl        one line per input problem (path, location, message, status)
DIR/manifest.json         the RunSummary: engine, counts, settings, seconds
```
Spark writes several part files per table, the local engine one; readers take the folder.
The manifest is written last, so a directory without it is an unfinished run.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from newstrace.engines.batch.rows import (
    SUBSTITUTION_COLUMNS,
    row_article,
    row_link,
    row_story,
)
from newstrace.provenance.blocking import StoryRow
from newstrace.records import Article, IngestProblem, ReuseLink

__all__ = [
    "MANIFEST",
    "RunSummary",
    "arrow_schema",
    "prepare_out",
    "read_documents",
    "read_links",
    "read_problems",
    "read_stories",
    "read_summary",
    "write_problems",
    "write_summary",
    "write_table",
]

MANIFEST = "manifest.json"
_BATCH_ROWS = 2000


@dataclass(slots=True)
class RunSummary:
    """What a batch run did (the manifest of its output directory)."""

    engine: str
    inputs: list[str]
    documents: int = 0
    links: int = 0
    stories: int = 0
    duplicate: int = 0
    replaced: int = 0
    failed: int = 0
    skipped: int = 0
    warnings: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds of some stages (stories, ...)
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """``True`` when no input was lost."""
        return self.failed == 0

    def count(self, problem: IngestProblem) -> None:
        """Count one input problem under its status."""
        if problem.status == "failed":
            self.failed += 1
        elif problem.status == "skipped":
            self.skipped += 1
        else:
            self.warnings += 1


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError('batch output needs pyarrow: pip install "newstrace[spark]"') from exc
    return pyarrow


def arrow_schema(columns: tuple[tuple[str, str], ...]) -> Any:
    """The pyarrow schema of a table defined in :mod:`newstrace.engines.batch.rows`."""
    pa = _pyarrow()
    types = {"int64": pa.int64(), "string": pa.string(), "double": pa.float64()}
    sub = pa.struct([pa.field(n, types[t], nullable=False) for n, t in SUBSTITUTION_COLUMNS])
    types["substitutions"] = pa.list_(sub)
    return pa.schema(
        [
            pa.field(n, types[t.rstrip("?")], nullable=t.endswith("?") or t == "substitutions")
            for n, t in columns
        ]
    )


def prepare_out(out: Path, overwrite: bool) -> None:
    """Make sure ``out`` can take a run: absent or empty, or removed when ``overwrite``.

    Raises:
        FileExistsError: ``out`` holds files and ``overwrite`` is false.
    """
    if out.exists() and any(out.iterdir()):
        if not overwrite:
            raise FileExistsError(f"{out}: output directory is not empty; choose another or pass --overwrite")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def write_table(folder: Path, columns: tuple[tuple[str, str], ...], rows: Iterable[dict[str, Any]]) -> int:
    """Write rows as ``folder/part-00000.parquet`` in batches; returns the row count."""
    pa = _pyarrow()
    schema = arrow_schema(columns)
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    with pa.parquet.ParquetWriter(folder / "part-00000.parquet", schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= _BATCH_ROWS:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        count += len(batch)
    return count


def _table(folder: Path) -> Any:
    pa = _pyarrow()
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: missing; is {folder.parent} the output of `newstrace run`?")
    files = sorted(p for p in folder.glob("*.parquet") if not p.name.startswith((".", "_")))
    tables = [pa.parquet.read_table(p) for p in files]
    return pa.concat_tables(tables) if tables else None


def _rows(folder: Path, sort_key: str | None = None) -> Iterator[dict[str, Any]]:
    """The rows of a table folder as dicts, a batch at a time (sorted by ``sort_key``)."""
    table = _table(folder)
    if table is None:
        return
    if sort_key is not None:
        table = table.sort_by(sort_key)
    for batch in table.to_batches(max_chunksize=_BATCH_ROWS):
        yield from batch.to_pylist()


def read_documents(out: Path) -> Iterator[tuple[int, Article]]:
    """``(key, article)`` of every document, in key order."""
    for row in _rows(out / "documents", "key"):
        yield int(row["key"]), row_article(row)


def read_links(out: Path) -> Iterator[ReuseLink]:
    """Every reuse link (in no particular order)."""
    for row in _rows(out / "links"):
        yield row_link(row)


def read_stories(out: Path) -> Iterator[StoryRow]:
    """Every document's story (in no particular order); nothing for runs without stories."""
    if (out / "stories").is_dir():
        for row in _rows(out / "stories"):
            yield row_story(row)


def write_problems(out: Path, problems: Iterable[IngestProblem]) -> None:
    """``problems.jsonl``: one input problem a line."""
    with (out / "problems.jsonl").open("w", encoding="utf-8") as handle:
        for p in problems:
            handle.write(json.dumps(asdict(p), ensure_ascii=False) + "\n")


def read_problems(out: Path) -> list[IngestProblem]:
    """The input problems of a run."""
    path = out / "problems.jsonl"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [IngestProblem(**json.loads(line)) for line in handle if line.strip()]


def write_summary(out: Path, summary: RunSummary) -> None:
    """The manifest, written last (its presence marks a finished run)."""
    (out / MANIFEST).write_text(json.dumps(asdict(summary), indent=2, default=str) + "\n", "utf-8")


def read_summary(out: Path) -> RunSummary:
    """The manifest of a finished run.

    Raises:
        FileNotFoundError: ``out`` is not a finished run's output.
    """
    path = out / MANIFEST
    if not path.exists():
        raise FileNotFoundError(f"{out}: no {MANIFEST}; not the output of a finished `newstrace run`")
    return RunSummary(**json.loads(path.read_text("utf-8")))
