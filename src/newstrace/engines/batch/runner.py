"""Batch runs on one machine, and loading any run's output into the SQLite store.

``run_local`` is the ``--engine local`` side of ``newstrace run``: it runs the local engine
(``newstrace.engines.local``) over a SQLite store and exports the store as the batch output,
so the Parquet it writes is exactly what the local engine computes. ``load_results`` goes
the other way: a run's output (from either engine) becomes a browsable store.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from newstrace.align import AlignConfig
from newstrace.engines.batch.results import (
    RunSummary,
    prepare_out,
    read_documents,
    read_links,
    read_stories,
    read_summary,
    write_problems,
    write_summary,
    write_table,
)
from newstrace.engines.batch.rows import DOCUMENT_COLUMNS, LINK_COLUMNS, article_row, link_row
from newstrace.engines.batch.stories import write_output_stories
from newstrace.engines.local import PipelineConfig, Progress, run_pending
from newstrace.engines.provenance import stories_state
from newstrace.index import IndexConfig
from newstrace.ingest import ReaderConfig, read_paths
from newstrace.normalize import NormalizeConfig
from newstrace.provenance import BlockConfig, StoryConfig
from newstrace.provenance.agglomerate import LinkageConfig
from newstrace.records import Article, IngestProblem, ReuseLink
from newstrace.store import SQLiteStore

__all__ = ["config_from_settings", "export_store", "load_results", "run_local", "settings_of"]

_BATCH = 500  # documents per write transaction


def settings_of(config: PipelineConfig) -> dict[str, Any]:
    """The stage settings of a run, as recorded in its manifest (workers left out)."""
    return {
        "normalize": asdict(config.normalize),
        "index": asdict(config.index),
        "align": asdict(config.align),
        "stories": asdict(config.stories),
        "blocks": asdict(config.blocks),
    }


def _story_config(settings: dict[str, Any]) -> StoryConfig:
    if not settings:
        return StoryConfig()
    rest = {k: v for k, v in settings.items() if k not in ("linkage", "normalize")}
    return StoryConfig(
        linkage=LinkageConfig(**settings["linkage"]),
        normalize=NormalizeConfig(**settings["normalize"]),
        **rest,
    )


def config_from_settings(settings: dict[str, Any], workers: int = 1) -> PipelineConfig:
    """The :class:`PipelineConfig` a manifest's settings describe."""
    return PipelineConfig(
        normalize=NormalizeConfig(**settings.get("normalize", {})),
        index=IndexConfig(**settings.get("index", {})),
        align=AlignConfig(**settings.get("align", {})),
        stories=_story_config(settings.get("stories", {})),
        blocks=BlockConfig(**settings.get("blocks", {})),
        workers=workers,
    )


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def _ingest(
    store: SQLiteStore,
    paths: Sequence[str],
    reader_config: ReaderConfig | None,
    summary: RunSummary,
    problems: list[IngestProblem],
    on_problem: Callable[[IngestProblem], None] | None,
    progress: Progress,
) -> None:
    batch: list[Article] = []
    read = 0

    def flush() -> None:
        nonlocal read
        for result in store.put_articles(batch):
            summary.duplicate += result == "duplicate"
            summary.replaced += result == "replaced"
        read += len(batch)
        batch.clear()
        progress("read", read, 0)

    for item in read_paths(paths, reader_config):
        if isinstance(item, IngestProblem):
            summary.count(item)
            problems.append(item)
            if on_problem is not None:
                on_problem(item)
            continue
        batch.append(item)
        if len(batch) >= _BATCH:
            flush()
    flush()


def export_store(store: SQLiteStore, out: Path) -> tuple[int, int]:
    """Write a store's documents and links as batch output tables; ``(documents, links)``."""
    docs = write_table(
        out / "documents",
        DOCUMENT_COLUMNS,
        (article_row(key, a) for key, a in enumerate(store.iter_articles(), start=1)),
    )
    links = write_table(out / "links", LINK_COLUMNS, (link_row(lk) for lk in store.links()))
    return docs, links


def run_local(
    paths: Sequence[str],
    out: Path,
    config: PipelineConfig | None = None,
    reader_config: ReaderConfig | None = None,
    *,
    db: Path | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
    on_problem: Callable[[IngestProblem], None] | None = None,
) -> RunSummary:
    """Read, index, align, decide directions, cluster stories and write the batch output
    with the local engine.

    Args:
        db: keep the SQLite store the run builds at this path (a temporary one otherwise);
            it must be new or empty, so the output holds exactly this run.
    """
    config = config or PipelineConfig()
    started = time.perf_counter()
    prepare_out(out, overwrite)
    summary = RunSummary("local", list(paths), settings=settings_of(config))
    problems: list[IngestProblem] = []
    with (
        tempfile.TemporaryDirectory(prefix="newstrace-run-") as tmp,
        SQLiteStore(db if db is not None else Path(tmp) / "store.db") as store,
    ):
        _require_empty(store)
        _ingest(store, paths, reader_config, summary, problems, on_problem, progress or _quiet)
        run_pending(store, config, progress, stories=False)  # stories by block, below
        summary.documents, summary.links = export_store(store, out)
    stories_started = time.perf_counter()
    summary.stories = write_output_stories(out, config.stories, config.blocks)
    summary.timings["stories"] = round(time.perf_counter() - stories_started, 3)
    write_problems(out, problems)
    summary.seconds = round(time.perf_counter() - started, 3)
    write_summary(out, summary)
    return summary


def _require_empty(store: SQLiteStore) -> None:
    held = store.counts()["documents"]
    if held:
        raise ValueError(f"{store.path}: store already holds {held} documents; use a new file")


def _keys(store: SQLiteStore, doc_ids: Sequence[str]) -> dict[str, int]:
    keys: dict[str, int] = {}
    for doc_id in doc_ids:
        key = store.key_of(doc_id)
        if key is None:  # pragma: no cover - put_articles stores every document or raises
            raise RuntimeError(f"{doc_id}: not in the store after loading")
        keys[doc_id] = key
    return keys


def _group_by_b(links: Iterable[ReuseLink]) -> dict[str, list[ReuseLink]]:
    grouped: dict[str, list[ReuseLink]] = {}
    for link in links:
        grouped.setdefault(link.doc_b, []).append(link)
    return grouped


def load_results(
    out: Path, db: Path | str, *, workers: int = 1, progress: Progress | None = None
) -> dict[str, int]:
    """Load a run's documents and links into a new (or empty) SQLite store.

    Documents keep the run's processing order, links are stored with each document's
    ``aligned`` flag, the run's stories are kept as the store's (``newstrace stories``
    shows them), then the local engine builds the candidate index, so later
    ``newstrace ingest`` calls add to the corpus incrementally.

    Raises:
        FileNotFoundError: ``out`` is not a finished run's output.
        ValueError: the store already holds documents.
    """
    summary = read_summary(out)
    progress = progress or _quiet
    config = config_from_settings(summary.settings, workers)
    with SQLiteStore(db) as store:
        _require_empty(store)
        order: list[str] = []
        batch: list[Article] = []
        for _, article in read_documents(out):
            batch.append(article)
            order.append(article.id)
            if len(batch) >= _BATCH:
                store.put_articles(batch)
                batch.clear()
                progress("load", len(order), summary.documents)
        store.put_articles(batch)
        progress("load", len(order), summary.documents)
        keys = _keys(store, order)
        by_b = _group_by_b(read_links(out))
        links = 0
        for done, doc_id in enumerate(order, start=1):
            found = sorted(by_b.get(doc_id, []), key=lambda lk: (keys[lk.doc_a], lk.passage.a_start))
            rows = [(keys[lk.doc_a], keys[doc_id], lk) for lk in found]
            store.put_links(keys[doc_id], rows)
            links += len(rows)
            if done % _BATCH == 0 or done == len(order):
                progress("links", done, len(order))
        stories = _load_stories(store, out, config.stories, config.blocks)
        indexed = run_pending(store, config, progress)["indexed"]
    return {"documents": len(order), "links": links, "stories": stories, "indexed": indexed}


def _load_stories(store: SQLiteStore, out: Path, config: StoryConfig, blocks: BlockConfig) -> int:
    """Store the run's stories as current for the loaded state, so the store keeps them
    until documents or links change (then it computes them again, by the same rule)."""
    assignment = {r.doc_id: r.story_id for r in read_stories(out)}
    if not assignment:  # a run without a stories table: the store computes them
        return 0
    store.put_stories(assignment, stories_state(store, config, blocks))
    return len(set(assignment.values()))
