"""The local engine: runs the pending index and align stages over a store, on all cores.

Stage functions are the pure ones of ``index``, ``align`` and ``provenance``; this module
only reads the store, calls them (in worker processes when asked) and writes results back.
Each document's results are written with its stage flag in one transaction, so an
interrupted run resumes where it stopped and computes every reuse link once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from newstrace.align import AlignConfig, align_tokens
from newstrace.engines.provenance import run_provenance
from newstrace.index import IndexConfig, fingerprints, select_candidates
from newstrace.normalize import NormalizeConfig, Normalizer
from newstrace.provenance import StoryConfig, decide_direction
from newstrace.records import Article, ReuseLink
from newstrace.store import SQLiteStore

__all__ = ["PipelineConfig", "Progress", "find_reuse", "run_pending"]

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while a stage runs."""

_CHUNK = 64


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    """Settings of every stage, passed as one object."""

    normalize: NormalizeConfig = field(default_factory=NormalizeConfig)
    index: IndexConfig = field(default_factory=IndexConfig)
    align: AlignConfig = field(default_factory=AlignConfig)
    stories: StoryConfig = field(default_factory=StoryConfig)
    workers: int = 1

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ValueError(f"PipelineConfig.workers must be at least 1, got {self.workers}")


@lru_cache(maxsize=4)
def _normalizer(config: NormalizeConfig) -> Normalizer:
    return Normalizer(config)


def document_fingerprints(article: Article, config: PipelineConfig) -> npt.NDArray[np.uint64]:
    """The fingerprints a document is indexed under."""
    return fingerprints(_normalizer(config.normalize).normalize(article.text), config.index)


def find_reuse(
    article: Article, earlier: Sequence[Article], config: PipelineConfig
) -> list[tuple[int, ReuseLink]]:
    """Align ``article`` with each candidate; ``(candidate position, link)`` per passage.

    In every link the candidate is side A and ``article`` side B.
    """
    norm = _normalizer(config.normalize)
    b = norm.normalize(article.text)
    out: list[tuple[int, ReuseLink]] = []
    for pos, other in enumerate(earlier):
        passages = align_tokens(norm.normalize(other.text), b, config.align)
        if not passages:
            continue
        direction, reason = decide_direction(other, article)
        out.extend((pos, ReuseLink(other.id, article.id, p, direction, reason)) for p in passages)
    return out


def _chunks(keys: Sequence[int], size: int = _CHUNK) -> Iterator[Sequence[int]]:
    for start in range(0, len(keys), size):
        yield keys[start : start + size]


def _index_job(args: tuple[Article, PipelineConfig]) -> npt.NDArray[np.uint64]:
    return document_fingerprints(*args)


def _align_job(args: tuple[Article, list[Article], PipelineConfig]) -> list[tuple[int, ReuseLink]]:
    return find_reuse(*args)


def _index_stage(store: SQLiteStore, config: PipelineConfig, pool: _Pool, progress: Progress) -> int:
    keys = store.pending("indexed")
    done = 0
    progress("index", 0, len(keys))
    for chunk in _chunks(keys):
        docs = store.articles_by_key(chunk)
        jobs = [(docs[k], config) for k in chunk if k in docs]
        for key, hashes in zip([k for k in chunk if k in docs], pool.map(_index_job, jobs), strict=True):
            store.add_postings(key, hashes)
        done += len(chunk)
        progress("index", done, len(keys))
    return len(keys)


def _candidates(store: SQLiteStore, key: int, config: PipelineConfig) -> list[int]:
    shared = store.shared_counts(store.postings_of(key), config.index.max_df, before=key)
    return [doc for doc, _ in select_candidates(shared, config.index, exclude=key)]


def _align_stage(store: SQLiteStore, config: PipelineConfig, pool: _Pool, progress: Progress) -> int:
    keys = store.pending("aligned")
    done = links = 0
    progress("align", 0, len(keys))
    for chunk in _chunks(keys):
        plan = {k: _candidates(store, k, config) for k in chunk}
        docs = store.articles_by_key(sorted({k for k in chunk} | {c for cs in plan.values() for c in cs}))
        todo = [k for k in chunk if k in docs]
        jobs = [(docs[k], [docs[c] for c in plan[k]], config) for k in todo]
        for key, found in zip(todo, pool.map(_align_job, jobs), strict=True):
            rows = [(plan[key][pos], key, link) for pos, link in found]
            store.put_links(key, rows)
            links += len(rows)
        done += len(chunk)
        progress("align", done, len(keys))
    return links


class _Pool:
    """``map`` in this process, or across worker processes."""

    def __init__(self, workers: int) -> None:
        self._executor = ProcessPoolExecutor(workers) if workers > 1 else None

    def map(self, fn: Callable[[object], object], jobs: list[object]) -> list[object]:  # type: ignore[override]
        if self._executor is None or len(jobs) < 2:
            return [fn(j) for j in jobs]
        return list(self._executor.map(fn, jobs, chunksize=max(1, len(jobs) // 8)))

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown()


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def run_pending(
    store: SQLiteStore, config: PipelineConfig | None = None, progress: Progress | None = None
) -> dict[str, int]:
    """Index and align every document still pending; returns counts of the work done."""
    config = config or PipelineConfig()
    pool = _Pool(config.workers)
    try:
        indexed = _index_stage(store, config, pool, progress or _quiet)
        links = _align_stage(store, config, pool, progress or _quiet)
    finally:
        pool.close()
    provenance = run_provenance(store, config.stories, progress)
    return {"indexed": indexed, "links": links, **provenance}
