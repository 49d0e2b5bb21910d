"""The local engine: runs the pending index and align stages over a store, on all cores.

Stage functions are the pure ones of ``index``, ``align`` and ``provenance``; this module
only reads the store, calls them (in worker processes when asked) and writes results back.
Each document's results are written with its stage flag in one transaction, so an
interrupted run resumes where it stopped and computes every reuse link once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
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


def _align_document(
    store: SQLiteStore, key: int, article: Article, config: PipelineConfig, max_df: int
) -> list[tuple[int, int, ReuseLink]]:
    """Document ``key``'s reuse links ``(key_a, key, link)`` with the earlier stored documents.

    Normalises it once for its fingerprints and its alignment, asks the index for candidates
    and reads their texts from ``store`` (read only: a worker process opens its own).
    """
    tokens = _normalizer(config.normalize).normalize(article.text)
    chosen = _candidates(store, key, fingerprints(tokens, config.index), config, max_df)
    docs = store.articles_by_key(chosen)
    present = [c for c in chosen if c in docs]
    found = find_reuse(article, [docs[c] for c in present], config, tokens)
    return [(present[pos], key, link) for pos, link in found]


@lru_cache(maxsize=2)
def _reader(path: str) -> SQLiteStore:
    """A worker process's own connection to the store (reads candidates and the index)."""
    return SQLiteStore(path)


def _align_job(args: tuple[int, Article, str, PipelineConfig, int]) -> list[tuple[int, int, ReuseLink]]:
    key, article, path, config, max_df = args
    return _align_document(_reader(path), key, article, config, max_df)


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
    if keys and store.compact_index_after_bulk(len(keys)):
        log.info("candidate index merged into one segment after indexing %d documents", len(keys))
    return len(keys)


def _candidates(
    store: SQLiteStore, key: int, hashes: npt.NDArray[np.uint64], config: PipelineConfig, max_df: int
) -> list[int]:
    """Earlier documents (smaller keys) that share enough rare index keys with document ``key``."""
    shared = store.shared_counts(hashes, max_df, before=key, anchor_df=config.index.max_df)
    chosen = select_candidates(shared, config.index, exclude=key, query_keys=int(hashes.shape[0]))
    return [doc for doc, _ in chosen]


def _align_stage(store: SQLiteStore, config: PipelineConfig, pool: _Pool, progress: Progress) -> int:
    """Align every pending document with its candidates; links written a document at a time.

    With worker processes each document's whole job (tokens, candidates, texts, alignment)
    runs in a worker, and the next chunk is submitted before this one's links are written,
    so the workers never wait for the writer.
    """
    keys = store.pending("aligned")
    done = links = 0
    max_df = effective_max_df(config.index, store.count_indexed())
    progress("align", 0, len(keys))
    parallel = pool.parallel and store.path != ":memory:"
    waiting: list[tuple[int, Future[list[tuple[int, int, ReuseLink]]]]] = []
    for chunk in _chunks(keys):
        own = store.articles_by_key(chunk)
        if not parallel:
            results = [(k, _align_document(store, k, own[k], config, max_df)) for k in chunk if k in own]
            links += _write_links(store, results)
        else:
            job = (store.path, config, max_df)
            submitted = [(k, pool.submit(_align_job, (k, own[k], *job))) for k in chunk if k in own]
            links += _write_links(store, [(k, f.result()) for k, f in waiting])
            waiting = submitted
        done += len(chunk)
        progress("align", done - len(waiting), len(keys))
    links += _write_links(store, [(k, f.result()) for k, f in waiting])
    progress("align", len(keys), len(keys))
    return links


def _write_links(store: SQLiteStore, results: list[tuple[int, list[tuple[int, int, ReuseLink]]]]) -> int:
    for key, rows in results:
        store.put_links(key, rows)
    return sum(len(rows) for _, rows in results)


class _Pool:
    """``map`` in this process, or across worker processes."""

    def __init__(self, workers: int) -> None:
        self._executor = ProcessPoolExecutor(workers) if workers > 1 else None

    @property
    def parallel(self) -> bool:
        """Whether jobs run in worker processes."""
        return self._executor is not None

    def submit(self, fn: Callable[[_T], _R], job: _T) -> Future[_R]:
        """Start one job in a worker process (only when :attr:`parallel`)."""
        assert self._executor is not None
        return self._executor.submit(fn, job)

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
        provenance = run_provenance(
            store, config.stories, progress, stories=stories, blocks=config.blocks, workers=config.workers
        )
    return {"indexed": indexed, "links": links, **provenance}
