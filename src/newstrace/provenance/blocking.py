"""Blocks for story clustering at scale: documents that could share a story, kept together.

:func:`~newstrace.provenance.stories.cluster_stories` compares every pair of the articles it
is given, so a large corpus is cut into blocks of at most ``max_block`` documents first and
clustered block by block. Blocking only cuts where it must:

* level 0: the whole corpus is one block. A corpus of at most ``max_block`` documents is
  therefore clustered exactly as the store clusters it (same function, same TF-IDF).
* level ``s`` (``s = min_shared .. max_shared``): a block still larger than ``max_block`` is
  split into the connected components of a sparse graph over its documents, in which two
  documents are joined when they share at least ``s`` *block keys*, or a reuse passage of
  at least ``min_words`` matching words (the passages ``cluster_stories`` counts as story
  evidence). Each level asks for one more shared key, so oversized components split further.

A block key is a name or number of the article's names view (the capitalised words and
figures of :func:`article_features`) tagged with a time bucket; keys held by more than
``max_key_df`` documents (a "Monday" or "US") join nothing, and each document counts only
its ``max_keys`` rarest keys. Buckets are ``span_days`` wide
and a dated document takes its bucket and the next, so documents at most ``span_days``
apart can share keys. Undated documents take the bucket ``undated``. A block is named by
the smallest document key in it (in output tables: that document's id), so the answer does
not depend on the order of the input.

What splitting can change against the store: pairs split into two blocks are never merged,
and TF-IDF weights are computed within each block. Components that stay larger than
``max_block`` at the last level are clustered whole (and cost what the store's computation
of that many documents costs).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from newstrace.provenance.block_pairs import SharedPairs, component_labels, shared_pairs
from newstrace.provenance.direction import parse_published
from newstrace.provenance.similarity import FeaturePair
from newstrace.provenance.stories import StoryConfig, build_stories, cluster_stories
from newstrace.records import Article, ReuseLink

__all__ = [
    "BlockConfig",
    "StoryRow",
    "article_day",
    "block_keys",
    "block_stories",
    "reuse_pairs",
    "shared_keys",
    "story_blocks",
]


@dataclass(frozen=True, slots=True)
class BlockConfig:
    """Settings of story blocking (see the module docstring).

    Attributes:
        max_block: a block of more documents than this is split (level by level).
        max_key_df: a block key held by more documents than this joins nothing.
        min_shared, max_shared: block keys two documents must share at the first and the
            last splitting level.
        span_days: width of the time buckets of dated documents (>= the story window).
        min_words: reuse passages of at least this many matching words join their documents.
        max_keys: each document counts at most this many of its keys, its rarest (fewest
            holders first): a story's distinctive names, and a bound on the pairs a document
            full of names makes (the news-like generator's articles carry about 250 keys).

    Calibration: ``max_block`` 10,000 bounds one block's clustering, whose memory grows as n
    squared: on the Spark benchmark corpus 2,000 documents took 235 MB, 5,000 813 MB and
    10,000 2.8 GB and 106 s (docs/scaling.md); below it nothing is split. The key settings
    were checked on the 982 ECB+ articles with ``max_block`` forced down to 200 (a split the
    defaults never make there; ``benchmarks/stories_split.py``): counting every key, 185
    blocks, 55 of the 86 gold events cut, ARI 0.74 against the gold events (unsplit: 0.905);
    with ``max_keys`` 24 (the best of 8 to 48), 113 blocks, 24 events cut, ARI 0.841 against
    gold and 0.862 against the store's stories. Splitting is a last resort that costs
    quality, not a free speed-up.
    """

    max_block: int = 10_000
    max_key_df: int = 200
    min_shared: int = 2
    max_shared: int = 10
    span_days: float = 30.0
    min_words: int = 40
    max_keys: int = 24

    def __post_init__(self) -> None:
        if self.max_block < 1:
            raise ValueError(f"BlockConfig.max_block must be at least 1, got {self.max_block}")
        if self.max_key_df < 2:
            raise ValueError(f"BlockConfig.max_key_df must be at least 2, got {self.max_key_df}")
        if not 1 <= self.min_shared <= self.max_shared:
            raise ValueError(
                "BlockConfig needs 1 <= min_shared <= max_shared, got "
                f"{self.min_shared} and {self.max_shared}"
            )
        if self.max_keys < 1:
            raise ValueError(f"BlockConfig.max_keys must be at least 1, got {self.max_keys}")
        if self.span_days <= 0:
            raise ValueError(f"BlockConfig.span_days must be positive, got {self.span_days}")


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One document's story in a blocked run (a row of the batch ``stories`` table)."""

    doc_id: str
    story_id: str
    first_doc: str
    block: str  # id of the block's first document (smallest key)


def article_day(article: Article) -> float | None:
    """The article's publication time as a day number (``None`` when undated)."""
    parsed = parse_published(article.published)
    return None if parsed is None else parsed[0].timestamp() / 86400.0


def _signed64(text: str) -> int:
    value = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")
    return value - (1 << 64) if value >= 1 << 63 else value


def block_keys(features: FeaturePair, day: float | None, config: BlockConfig) -> list[int]:
    """The block keys of one document (signed 64-bit), sorted and without repeats.

    Example:
        >>> from collections import Counter
        >>> len(block_keys((Counter(), Counter({7: 2, 9: 1})), 100.0, BlockConfig()))
        4
        >>> block_keys((Counter(), Counter({7: 1})), None, BlockConfig()) == block_keys(
        ...     (Counter(), Counter({7: 5})), None, BlockConfig())
        True
    """
    names = features[1]
    if day is None:
        buckets = ["u"]
    else:
        first = math.floor(day / config.span_days)
        buckets = [str(first), str(first + 1)]
    return sorted({_signed64(f"{term}@{b}") for term in names for b in buckets})


def reuse_pairs(links: Iterable[ReuseLink], config: BlockConfig) -> set[tuple[str, str]]:
    """The document pairs that a reuse passage of at least ``min_words`` words joins."""
    return {
        (min(lk.doc_a, lk.doc_b), max(lk.doc_a, lk.doc_b))
        for lk in links
        if lk.passage.matched >= config.min_words and lk.doc_a != lk.doc_b
    }


def shared_keys(keys: Mapping[int, Iterable[int]], config: BlockConfig) -> SharedPairs:
    """The pairs of documents sharing at least ``min_shared`` block keys (fewer joins nothing
    at any splitting level), counting keys held by 2 to ``max_key_df`` documents and at most
    each document's ``max_keys`` rarest such keys (:func:`block_pairs.shared_pairs`)."""
    return shared_pairs(keys, config.max_key_df, config.max_keys, config.min_shared)


def story_blocks(
    keys: Mapping[int, Iterable[int]], pairs: Iterable[tuple[int, int]], config: BlockConfig
) -> dict[int, int]:
    """The block of every document: ``document key -> smallest document key of its block``.

    Args:
        keys: each document's block keys (:func:`block_keys`), by document key.
        pairs: document keys joined by reuse (:func:`reuse_pairs`, as keys); pairs naming a
            document missing from ``keys`` are ignored.

    Example:
        >>> cfg = BlockConfig(max_block=2, max_shared=2)
        >>> story_blocks({1: [10, 11], 2: [10, 11], 3: [12], 4: [12]}, [(3, 4)], cfg)
        {1: 1, 2: 1, 3: 3, 4: 3}
    """
    docs = np.asarray(sorted(keys), dtype=np.int64)
    n = docs.shape[0]
    labels = np.zeros(n, dtype=np.int64)
    if n > config.max_block:
        shared = shared_keys(keys, config)
        reuse = np.asarray(sorted({(min(a, b), max(a, b)) for a, b in pairs}), dtype=np.int64)
        reuse = reuse.reshape(-1, 2)
        where = np.searchsorted(docs, reuse).clip(0, n - 1)
        known = (docs[where[:, 0]] == reuse[:, 0]) & (docs[where[:, 1]] == reuse[:, 1])
        ra, rb = where[known, 0], where[known, 1]
        for level in range(config.min_shared, config.max_shared + 1):
            sizes = np.bincount(labels, minlength=n)
            active = sizes[labels] > config.max_block
            if not active.any():
                break
            strong = shared.shared >= level
            a = np.concatenate([ra, shared.a[strong]])
            b = np.concatenate([rb, shared.b[strong]])
            labels = component_labels(n, a, b, labels, active)
    # still too large at the last level: clustered whole
    return dict(zip(docs.tolist(), docs[labels].tolist(), strict=True))


def block_stories(
    block: str,
    articles: Sequence[Article],
    links: Iterable[ReuseLink],
    config: StoryConfig | None = None,
    features: Mapping[str, FeaturePair] | None = None,
) -> list[StoryRow]:
    """Cluster one block with :func:`cluster_stories`; one row per document, by id.

    ``links`` may hold links leaving the block: only those between its documents count.
    """
    ids = {a.id for a in articles}
    inside = [lk for lk in links if lk.doc_a in ids and lk.doc_b in ids]
    assignment = cluster_stories(articles, inside, config, features)
    first = {s.story_id: s.first_doc for s in build_stories(articles, assignment, inside)}
    return [StoryRow(doc, sid, first[sid], block) for doc, sid in sorted(assignment.items())]
