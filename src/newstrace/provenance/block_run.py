"""Blocked stories of a whole corpus, in memory that a million articles fit on a laptop.

:func:`blocked_stories` is the stories stage of every face: the store, the local batch run
and (block by block) the Spark job. It reads the documents once, keeping of each only its
block keys and its :func:`article_features` packed into NumPy arrays (about 6 KB per 600-word
article, against some 30 KB as two ``Counter`` objects, and no text); cuts the corpus into
blocks (:func:`story_blocks`); then clusters the blocks in order of their first document,
re-reading the texts of a few thousand documents at a time through ``fetch``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice

import numpy as np
import numpy.typing as npt

from newstrace.normalize import NormalizeConfig
from newstrace.provenance.blocking import (
    BlockConfig,
    StoryRow,
    article_day,
    block_keys,
    block_stories,
    reuse_pairs,
    story_blocks,
)
from newstrace.provenance.similarity import FeaturePair, article_features
from newstrace.provenance.stories import StoryConfig
from newstrace.records import Article, ReuseLink

__all__ = ["Fetch", "PackedFeatures", "blocked_stories", "pack_features", "packed_features"]

Fetch = Callable[[Sequence[int]], Mapping[int, Article]]
"""Documents by key (the store's ``articles_by_key``)."""

Featurize = Callable[[list[str]], list["PackedFeatures"]]
"""Packed features of a list of texts (:func:`packed_features`, or the same in worker processes)."""

_READ = 2_000  # documents read (and featurized) at once, and fetched again at once


@dataclass(frozen=True, slots=True)
class PackedFeatures:
    """One document's :data:`FeaturePair` as arrays: word ids and counts, name ids and counts."""

    words: npt.NDArray[np.uint64]
    word_counts: npt.NDArray[np.int32]
    names: npt.NDArray[np.uint64]
    name_counts: npt.NDArray[np.int32]

    def unpack(self) -> FeaturePair:
        """The two counters again (exactly the packed ones)."""
        words = Counter(dict(zip(self.words.tolist(), self.word_counts.tolist(), strict=True)))
        names = Counter(dict(zip(self.names.tolist(), self.name_counts.tolist(), strict=True)))
        return words, names


def pack_features(features: FeaturePair) -> PackedFeatures:
    """Pack a feature pair (see :class:`PackedFeatures`)."""
    words, names = features
    return PackedFeatures(
        np.fromiter(words.keys(), np.uint64, len(words)),
        np.fromiter(words.values(), np.int32, len(words)),
        np.fromiter(names.keys(), np.uint64, len(names)),
        np.fromiter(names.values(), np.int32, len(names)),
    )


def packed_features(texts: list[str], config: NormalizeConfig) -> list[PackedFeatures]:
    """:func:`article_features` of each text, packed (a picklable worker task)."""
    return [pack_features(article_features(t, config)) for t in texts]


def _chunks(items: Iterable[tuple[int, Article]]) -> Iterator[list[tuple[int, Article]]]:
    it = iter(items)
    while chunk := list(islice(it, _READ)):
        yield chunk


def blocked_stories(
    documents: Iterable[tuple[int, Article]],
    links: Sequence[ReuseLink],
    stories: StoryConfig,
    blocks: BlockConfig,
    *,
    fetch: Fetch | None = None,
    featurize: Featurize | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    total: int = 0,
) -> list[StoryRow]:
    """Every document's story, block by block; ``documents`` are ``(key, article)``.

    A corpus of at most ``blocks.max_block`` documents is one block, whose stories are
    :func:`cluster_stories` of the whole corpus.

    Args:
        documents: read once; without ``fetch`` the articles are kept for clustering.
        fetch: reads documents again by key, so that no text is held between the passes.
        featurize: computes the packed features of a list of texts (default: here, with
            the stories' normalization); the store passes one that uses worker processes.
        progress: called as ``progress(stage, done, total)`` with stage ``"story keys"``
            (documents read) and ``"stories"`` (documents clustered); ``total`` is the
            number of documents when known (0: unknown).
    """
    report = progress or (lambda stage, done, total: None)
    compute = featurize or (lambda texts: packed_features(texts, stories.normalize))
    keys: dict[int, npt.NDArray[np.int64]] = {}
    packed: dict[int, PackedFeatures] = {}
    key_of: dict[str, int] = {}
    held: dict[int, Article] = {}
    for chunk in _chunks(documents):
        for (key, article), one in zip(chunk, compute([a.text for _, a in chunk]), strict=True):
            keys[key] = np.asarray(block_keys(one.unpack(), article_day(article), blocks), dtype=np.int64)
            packed[key] = one
            key_of[article.id] = key
            if fetch is None:
                held[key] = article
        report("story keys", len(keys), total)
    pairs = [(key_of[a], key_of[b]) for a, b in reuse_pairs(links, blocks) if a in key_of and b in key_of]
    block_of = story_blocks(keys, pairs, blocks)
    del keys
    members: dict[int, list[int]] = {}
    for key, block in block_of.items():
        members.setdefault(block, []).append(key)
    by_block: dict[int, list[ReuseLink]] = {}
    for lk in links:
        ka, kb = key_of.get(lk.doc_a), key_of.get(lk.doc_b)
        if ka is not None and kb is not None and block_of[ka] == block_of[kb]:
            by_block.setdefault(block_of[ka], []).append(lk)
    rows: list[StoryRow] = []
    report("stories", 0, len(block_of))
    for group in _block_groups(sorted(members), members):
        texts = held if fetch is None else fetch([k for b in group for k in members[b]])
        for block in group:
            articles = [texts[k] for k in members[block]]
            feats = {texts[k].id: packed[k].unpack() for k in members[block]}
            rows += block_stories(articles[0].id, articles, by_block.get(block, []), stories, feats)
        report("stories", len(rows), len(block_of))
    return rows


def _block_groups(order: list[int], members: Mapping[int, list[int]]) -> Iterator[list[int]]:
    """Consecutive blocks of about ``_READ`` documents in all (one fetch each)."""
    group: list[int] = []
    size = 0
    for block in order:
        group.append(block)
        size += len(members[block])
        if size >= _READ:
            yield group
            group, size = [], 0
    if group:
        yield group
