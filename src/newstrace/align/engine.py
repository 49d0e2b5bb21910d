"""The alignment engine: seeds, clusters, passages. Used by compare, trace and the store."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from newstrace.align.cluster import cluster_seeds
from newstrace.align.config import AlignConfig
from newstrace.align.refine import covered_words, to_passage
from newstrace.align.seeds import find_seeds, supported
from newstrace.normalize import Normalizer, TokenSeq, normalize
from newstrace.records import Passage

__all__ = ["SeedAligner", "align_texts", "align_tokens"]

Index = npt.NDArray[np.int64]


def _merge_overlapping(groups: list[Index], i: Index, j: Index, n: int) -> list[Index]:
    """Union groups whose spans overlap in both texts (a passage found twice)."""
    spans = [(int(i[g].min()), int(i[g].max()) + n, int(j[g].min()), int(j[g].max()) + n) for g in groups]
    parent = list(range(len(groups)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x in range(len(spans)):
        for y in range(x + 1, len(spans)):
            s, t = spans[x], spans[y]
            if s[0] < t[1] and t[0] < s[1] and s[2] < t[3] and t[2] < s[3]:
                parent[root(y)] = root(x)
    merged: dict[int, list[Index]] = {}
    for x, g in enumerate(groups):
        merged.setdefault(root(x), []).append(g)
    return [np.sort(np.concatenate(parts)) for parts in merged.values()]


def align_tokens(a: TokenSeq, b: TokenSeq, config: AlignConfig | None = None) -> list[Passage]:
    """Passages of ``a`` reused in ``b``, ordered by their position in ``a``."""
    config = config or AlignConfig()
    n = config.ngram
    seeds = find_seeds(a.ids, b.ids, a.content, b.content, n, config.max_occurrences)
    i, j = supported(seeds, config.support_window, config.support_band, config.min_support)
    groups = [g for g in cluster_seeds(i, j, n, config.max_gap) if covered_words(i[g], n) >= config.min_words]
    passages: list[Passage] = []
    for group in _merge_overlapping(groups, i, j, n):
        p = to_passage(a, b, i[group], j[group], n, config.max_gap, config.max_dp_words)
        if p.matched >= config.min_words:
            passages.append(p)
    passages.sort(key=lambda p: (p.a_start, p.b_start))
    return passages


def align_texts(a: str, b: str, config: AlignConfig | None = None) -> list[Passage]:
    """Align two texts: the passages of ``a`` that ``b`` reuses, word by word.

    Example:
        >>> src = "The US refused to bomb an ISIS convoy fleeing from Abu Kamal under the pretext."
        >>> copy = "Sources say the USA refused to bomb an ISIS convoy fleeing from Abu Kamal under the pretext."
        >>> [(p.a_start, p.substitutions[0].b_text) for p in align_texts(src, copy)]
        [(0, 'USA')]
    """
    return align_tokens(normalize(a), normalize(b), config)


class SeedAligner:
    """The default :class:`~newstrace.align.base.Aligner`: seed, cluster, align."""

    name = "seed"

    def __init__(self, config: AlignConfig | None = None, normalizer: Normalizer | None = None):
        self.config = config or AlignConfig()
        self.normalizer = normalizer or Normalizer()

    def align(self, a: str, b: str) -> list[Passage]:
        """Passages of text ``a`` reused in text ``b``."""
        return align_tokens(self.normalizer.normalize(a), self.normalizer.normalize(b), self.config)
