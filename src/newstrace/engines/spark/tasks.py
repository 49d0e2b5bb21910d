"""The Python side of the Spark job: thin wrappers that feed Spark rows to the stage functions.

Every function here runs on executors inside ``flatMap``/``mapPartitions``. They convert
rows to records, call the *same* functions the local engine calls (``read_input``,
``document_fingerprints``, ``select_candidates``, ``find_reuse``: normalization, index keys,
alignment and direction all happen inside those; ``block_keys`` and ``block_stories`` for
stories) and convert the results back to rows.
They hold no algorithm of their own, and import no pyspark (rows are only read).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import newstrace.engines.batch  # noqa: F401  (registers the Parquet reader on executors)
from newstrace.engines.batch.rows import (
    DOCUMENT_COLUMNS,
    LINK_COLUMNS,
    STORY_COLUMNS,
    SUBSTITUTION_COLUMNS,
    article_row,
    link_row,
    resolve_versions,
    row_article,
    row_link,
    story_row,
)
from newstrace.engines.local import PipelineConfig, document_fingerprints, find_reuse
from newstrace.index import IndexConfig, select_candidates
from newstrace.index.postings import doc_keys
from newstrace.ingest import ReaderConfig, read_input
from newstrace.provenance import article_day, block_keys, block_stories, resolve_direction
from newstrace.provenance.similarity import article_features
from newstrace.records import IngestProblem

__all__ = [
    "ORDINAL_BITS",
    "align_rows",
    "block_key_rows",
    "choose_candidates",
    "cluster_block",
    "decide_pairs",
    "fingerprint_rows",
    "ordinal",
    "read_file",
    "resolve_id",
]

ORDINAL_BITS = 32
"""Bits of an ordinal that count records inside one input file."""

_DOC_NAMES = tuple(name for name, _ in DOCUMENT_COLUMNS)


def ordinal(file_index: int, record: int) -> int:
    """The reading-order position of a file's ``record``-th article (both from 0 and 1)."""
    return (file_index << ORDINAL_BITS) | record


def _as_dict(row: Any) -> Mapping[str, Any]:
    return row if isinstance(row, Mapping) else row.asDict()


def read_file(item: tuple[int, str], config: ReaderConfig) -> Iterator[tuple[Any, ...]]:
    """Read one input file: ``("a", ordinal, id, content_hash, row)`` per article and
    ``("p", (path, location, message, status))`` per problem, in file order."""
    index, path = item
    record = 0
    for found in read_input(Path(path), config):
        if isinstance(found, IngestProblem):
            yield ("p", (found.path, found.location, found.message, found.status))
            continue
        record += 1
        row = article_row(0, found)
        yield ("a", ordinal(index, record), found.id, row["content_hash"], row)


def resolve_id(item: tuple[str, Iterable[tuple[int, str, dict[str, Any]]]]) -> tuple[Any, ...]:
    """Keep one version of a document id (the store's rule); a ``documents`` row as a tuple
    plus the counts of duplicate and replaced occurrences."""
    _, versions = item
    occurrences = list(versions)
    res = resolve_versions([(o[0], o[1]) for o in occurrences])
    row = {**occurrences[res.keep][2], "key": res.key}
    return (*(row[name] for name in _DOC_NAMES), res.duplicate, res.replaced)


def fingerprint_rows(rows: Iterable[Any], config: PipelineConfig) -> Iterator[tuple[int, int]]:
    """``(index key, document key)`` for every document of a partition: the 32-bit keys the
    local index stores (:func:`newstrace.index.postings.doc_keys`), so that keys colliding
    there collide here too and both engines count the same shared keys."""
    for row in rows:
        data = _as_dict(row)
        hashes = document_fingerprints(row_article(data), config)
        key = int(data["key"])
        for h in doc_keys(hashes).tolist():  # the local index's keys: top 32 bits, distinct
            yield (h, key)


def choose_candidates(row: Any, config: IndexConfig) -> Iterator[tuple[int, int, int]]:
    """``(key_b, rank, key_a)`` for the earlier documents ``select_candidates`` keeps, from
    a row of ``key_b``, ``nkeys`` and the aligned lists ``key_a`` and ``shared``."""
    data = _as_dict(row)
    key_b = int(data["key_b"])
    shared = dict(zip(map(int, data["key_a"]), map(int, data["shared"]), strict=True))
    chosen = select_candidates(shared, config, exclude=key_b, query_keys=int(data["nkeys"]))
    for rank, (key_a, _) in enumerate(chosen):
        yield (key_b, rank, key_a)


def _link_tuple(row: dict[str, Any]) -> tuple[Any, ...]:
    subs = [tuple(s[name] for name, _ in SUBSTITUTION_COLUMNS) for s in row["substitutions"]]
    return tuple(subs if name == "substitutions" else row[name] for name, _ in LINK_COLUMNS)


def align_rows(rows: Iterable[Any], config: PipelineConfig) -> Iterator[tuple[Any, ...]]:
    """Align each document (``b``) with its candidates (``earlier``, in rank order) through
    ``find_reuse``, exactly as the local engine does; one ``links`` tuple per passage."""
    for row in rows:
        data = _as_dict(row)
        article = row_article(_as_dict(data["b"]))
        ranked = sorted((_as_dict(e) for e in data["earlier"]), key=lambda e: int(e["rank"]))
        earlier = [row_article(_as_dict(e["a"])) for e in ranked]
        for _, link in find_reuse(article, earlier, config):
            yield _link_tuple(link_row(link))


def block_key_rows(rows: Iterable[Any], config: PipelineConfig) -> Iterator[tuple[int, int]]:
    """``(block key, document key)`` for every document of a partition (story blocking)."""
    for row in rows:
        data = _as_dict(row)
        article = row_article(data)
        features = article_features(article.text, config.stories.normalize)
        for k in block_keys(features, article_day(article), config.blocks):
            yield (k, int(data["key"]))


def cluster_block(
    item: tuple[str, tuple[Iterable[Any], Iterable[Any]]], config: PipelineConfig
) -> Iterator[tuple[Any, ...]]:
    """Cluster one block (its ``documents`` rows and the ``links`` rows inside it) with
    ``block_stories``; one ``stories`` tuple per document."""
    block, (docs, links) = item
    articles = [row_article(_as_dict(d)) for d in docs]
    found = [row_link(_as_dict(lk)) for lk in links]
    for row in block_stories(str(block), articles, found, config.stories):
        data = story_row(row)
        yield tuple(data[name] for name, _ in STORY_COLUMNS)


def decide_pairs(rows: Iterable[Any]) -> Iterator[tuple[str, str, str, str]]:
    """Decide each document pair's direction with ``resolve_direction`` (the rule of
    ``resolve_directions``, given the spans both documents share with any document):
    ``(doc_a, doc_b, direction, reason)``."""
    for row in rows:
        data = _as_dict(row)
        a, b = row_article(_as_dict(data["a"])), row_article(_as_dict(data["b"]))
        pair = [row_link(_as_dict(lk)) for lk in data["pair"]]
        others = {
            a.id: [(s["other"], int(s["start"]), int(s["end"])) for s in map(_as_dict, data["spans_a"])],
            b.id: [(s["other"], int(s["start"]), int(s["end"])) for s in map(_as_dict, data["spans_b"])],
        }
        decision = resolve_direction(a, b, pair, others)
        yield (a.id, b.id, decision.direction.value, decision.reason)
