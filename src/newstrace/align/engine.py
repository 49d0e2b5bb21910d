"""The alignment engine: seeds, clusters, passages. Used by compare, trace and the store."""

from __future__ import annotations

import itertools

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
# Above this many groups in one pair, joining adjacent groups (quadratic) is skipped.
_MAX_MERGE_GROUPS = 400
# Joined groups must cover at least this share of the joined span in the far text.
_MIN_DENSITY = 0.4
_Span = tuple[int, int, int, int]


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


def _gap(s0: int, s1: int, t0: int, t1: int) -> int:
    """Words between two spans ``[s0, s1)`` and ``[t0, t1)`` (0 when they touch or overlap)."""
    return max(0, t0 - s1, s0 - t1)


def _joinable(s: _Span, t: _Span, near: int, far: int) -> bool:
    """Two spans touch in one text and sit close in the other, where copied text dominates."""
    ga, gb = _gap(s[0], s[1], t[0], t[1]), _gap(s[2], s[3], t[2], t[3])
    if ga <= near and gb <= far:
        lengths, hull = (s[3] - s[2]) + (t[3] - t[2]), max(s[3], t[3]) - min(s[2], t[2])
    elif gb <= near and ga <= far:
        lengths, hull = (s[1] - s[0]) + (t[1] - t[0]), max(s[1], t[1]) - min(s[0], t[0])
    else:
        return False
    return lengths >= _MIN_DENSITY * hull


def _merge_adjacent(groups: list[Index], i: Index, j: Index, n: int, near: int, far: int) -> list[Index]:
    """Join groups that touch in one text and lie close in the other: one reordered passage.

    A passage whose sentences were shuffled and interleaved with the copier's own sentences
    clusters into several groups: their spans sit next to each other in the source (within
    ``near`` words) and, in the copy, are separated by at most the inserted material (``far``
    words), or the other way round. Groups are joined only while reused words still make up
    most of the joined span, so two passages that a composite page placed far apart, with
    other material between them, stay two. Joining repeats until nothing changes, so a chain
    of shuffled sentences ends as one group.
    """
    if len(groups) < 2 or len(groups) > _MAX_MERGE_GROUPS:
        return groups
    parts = [[g] for g in groups]
    spans = [(int(i[g].min()), int(i[g].max()) + n, int(j[g].min()), int(j[g].max()) + n) for g in groups]
    changed = True
    while changed:
        changed = False
        for x, y in itertools.combinations(range(len(spans)), 2):
            if _joinable(spans[x], spans[y], near, far):
                s, t = spans[x], spans.pop(y)
                spans[x] = (min(s[0], t[0]), max(s[1], t[1]), min(s[2], t[2]), max(s[3], t[3]))
                parts[x] += parts.pop(y)
                changed = True
                break
    return [np.sort(np.concatenate(p)) for p in parts]


def align_tokens(a: TokenSeq, b: TokenSeq, config: AlignConfig | None = None) -> list[Passage]:
    """Passages of ``a`` reused in ``b``, ordered by their position in ``a``."""
    config = config or AlignConfig()
    n = config.ngram
    seeds = find_seeds(a.ids, b.ids, a.content, b.content, n, config.max_occurrences)
    i, j = supported(seeds, config.support_window, config.support_band, config.min_support)
    groups = [g for g in cluster_seeds(i, j, n, config.max_gap) if covered_words(i[g], n) >= config.min_words]
    groups = _merge_overlapping(groups, i, j, n)
    passages: list[Passage] = []
    for group in _merge_adjacent(groups, i, j, n, config.max_gap, config.merge_gap):
        p = to_passage(a, b, i[group], j[group], n, config.max_gap, config.max_dp_words)
        if p.matched >= config.min_words:
            passages.append(p)
    passages.sort(key=lambda p: (p.a_start, p.b_start))
    return passages


def align_texts(a: str, b: str, config: AlignConfig | None = None) -> list[Passage]:
    """Align two texts: the passages of ``a`` that ``b`` reuses, word by word.

    Example:
        >>> src = "The US refused to bomb an ISIS convoy fleeing from Abu Kamal under the ruse."
        >>> copy = "Sources say the USA refused to bomb an ISIS convoy fleeing from Abu Kamal under the ruse."
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
