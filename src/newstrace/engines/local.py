"""The local engine: runs the pending index and align stages over a store, on all cores.

Stage functions are the pure ones of ``index``, ``align`` and ``provenance``; this module
only reads the store, calls them (in worker processes when asked) and writes results back.
Each document's results are written with its stage flag in one transaction, so an
interrupted run resumes where it stopped and computes every reuse link once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from newstrace.align import AlignConfig, align_tokens
from newstrace.engines.provenance import run_provenance
from newstrace.index import IndexConfig, effective_max_df, fingerprints, select_candidates
from newstrace.normalize import NormalizeConfig, Normalizer, TokenSeq
from newstrace.provenance import BlockConfig, StoryConfig, decide_direction
from newstrace.records import Article, ReuseLink
from newstrace.store import SQLiteStore

__all__ = ["PipelineConfig", "Progress", "find_reuse", "index_scheme", "run_pending"]

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while a stage runs."""

_CHUNK = 64
_INDEX_CHUNK = 512
_COMMIT_EVERY = 20_000  # documents indexed between commits (work redone after a crash)
log = logging.getLogger(__name__)
_T = TypeVar("_T")
_R = TypeVar("_R")


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    """Settings of every stage, passed as one object."""

    normalize: NormalizeConfig = field(default_factory=NormalizeConfig)
    index: IndexConfig = field(default_factory=IndexConfig)
    align: AlignConfig = field(default_factory=AlignConfig)
    stories: StoryConfig = field(default_factory=StoryConfig)
    blocks: BlockConfig = field(default_factory=BlockConfig)
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
    article: Article,
    earlier: Sequence[Article],
    config: PipelineConfig,
    tokens: TokenSeq | None = None,
) -> list[tuple[int, ReuseLink]]:
    """Align ``article`` with each candidate; ``(candidate position, link)`` per passage.

    In every link the candidate is side A and ``article`` side B. ``tokens`` may hold
    ``article``'s canonical tokens when the caller has them already.
    """
    norm = _normalizer(config.normalize)
    b = tokens if tokens is not None else norm.normalize(article.text)
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


def _prepare_job(args: tuple[Article, PipelineConfig]) -> tuple[TokenSeq, npt.NDArray[np.uint64]]:
    """A document's canonical tokens and fingerprints (normalised once for both)."""
    article, config = args
    tokens = _normalizer(config.normalize).normalize(article.text)
    return tokens, fingerprints(tokens, config.index)


def _align_job(
    args: tuple[Article, list[Article], PipelineConfig, TokenSeq],
) -> list[tuple[int, ReuseLink]]:
    article, earlier, config, tokens = args
    return find_reuse(article, earlier, config, tokens)


def index_scheme(config: IndexConfig) -> str:
    """The name of the key scheme ``config`` produces (stored with the index)."""
    return f"ngram={config.ngram},sample={config.sample}"


def _index_stage(store: SQLiteStore, config: PipelineConfig, pool: _Pool, progress: Progress) -> int:
    if store.use_index_scheme(index_scheme(config.index)):
        log.warning("candidate index built with other settings: indexing every document again")
    missing, stray = store.reconcile_index()
    if missing or stray:
        log.warning("candidate index repaired: %d documents to index again, %d stray entries", missing, stray)
    keys = store.pending("indexed")
    done = since_commit = 0
    progress("index", 0, len(keys))
    for chunk in _chunks(keys, _INDEX_CHUNK):
        docs = store.articles_by_key(chunk)
        present = [k for k in chunk if k in docs]
        hashes = pool.map(_index_job, [(docs[k], config) for k in present])
        store.index_documents(list(zip(present, hashes, strict=True)))
        done += len(chunk)
        since_commit += len(chunk)
        if since_commit >= _COMMIT_EVERY:
            store.commit_index()
            since_commit = 0
        progress("index", done, len(keys))
    store.commit_index()
    return len(keys)


def _candidates(
    store: SQLiteStore, key: int, hashes: npt.NDArray[np.uint64], config: PipelineConfig, max_df: int
) -> list[int]:
    """Earlier documents (smaller keys) that share enough rare index keys with document ``key``."""
    shared = store.shared_counts(hashes, max_df, before=key, anchor_df=config.index.max_df)
    chosen = select_candidates(shared, config.index, exclude=key, query_keys=int(hashes.shape[0]))
    return [doc for doc, _ in chosen]


def _align_stage(store: SQLiteStore, config: PipelineConfig, pool: _Pool, progress: Progress) -> int:
    keys = store.pending("aligned")
    done = links = 0
    max_df = effective_max_df(config.index, store.count_indexed())
    progress("align", 0, len(keys))
    for chunk in _chunks(keys):
        own = store.articles_by_key(chunk)
        present = [k for k in chunk if k in own]
        prepared = dict(
            zip(present, pool.map(_prepare_job, [(own[k], config) for k in present]), strict=True)
        )
        plan = {k: _candidates(store, k, prepared[k][1], config, max_df) for k in present}
        docs = store.articles_by_key(sorted({c for cs in plan.values() for c in cs} - set(own))) | own
        jobs = [(docs[k], [docs[c] for c in plan[k] if c in docs], config, prepared[k][0]) for k in present]
        for key, found in zip(present, pool.map(_align_job, jobs), strict=True):
            cands = [c for c in plan[key] if c in docs]
            rows = [(cands[pos], key, link) for pos, link in found]
            store.put_links(key, rows)
            links += len(rows)
        done += len(chunk)
        progress("align", done, len(keys))
    return links


class _Pool:
    """``map`` in this process, or across worker processes."""

    def __init__(self, workers: int) -> None:
        self._executor = ProcessPoolExecutor(workers) if workers > 1 else None

    def map(self, fn: Callable[[_T], _R], jobs: Sequence[_T]) -> list[_R]:
        if self._executor is None or len(jobs) < 2:
            return [fn(j) for j in jobs]
        return list(self._executor.map(fn, jobs, chunksize=max(1, len(jobs) // 8)))

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown()


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def run_pending(
    store: SQLiteStore,
    config: PipelineConfig | None = None,
    progress: Progress | None = None,
    *,
    stories: bool = True,
) -> dict[str, int]:
    """Index and align every document still pending, then directions and (unless
    ``stories`` is false) stories; returns counts of the work done."""
    config = config or PipelineConfig()
    with store.writer():
        pool = _Pool(config.workers)
        try:
            indexed = _index_stage(store, config, pool, progress or _quiet)
            links = _align_stage(store, config, pool, progress or _quiet)
        finally:
            pool.close()
        provenance = run_provenance(store, config.stories, progress, stories=stories, blocks=config.blocks)
    return {"indexed": indexed, "links": links, **provenance}
