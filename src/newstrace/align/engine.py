"""The alignment engine: seeds, clusters, passages. Used by compare, trace and the store."""

from __future__ import annotations

import numpy as np

from newstrace.align.cluster import cluster_seeds
from newstrace.align.config import AlignConfig
from newstrace.align.refine import TokenSpan, merge_overlapping, to_passage
from newstrace.align.seeds import find_seeds, supported
from newstrace.normalize import Normalizer, TokenSeq, normalize
from newstrace.records import Passage

__all__ = ["SeedAligner", "align_texts", "align_tokens"]


def _spans(a: TokenSeq, b: TokenSeq, config: AlignConfig) -> list[tuple[TokenSpan, int]]:
    """Candidate passages as token spans, each with the number of A words its seeds cover."""
    n = config.ngram
    seeds = find_seeds(a.ids, b.ids, a.content, b.content, n, config.max_occurrences)
    i, j = supported(seeds, config.support_window, config.support_band, config.min_support)
    out: list[tuple[TokenSpan, int]] = []
    for group in cluster_seeds(i, j, n, config.max_gap):
        gi, gj = i[group], j[group]
        covered = np.zeros(int(gi.max()) + n - int(gi.min()), dtype=np.bool_)
        for start in (gi - gi.min()).tolist():
            covered[start : start + n] = True
        out.append((TokenSpan(int(gi.min()), int(gi.max()) + n, int(gj.min()), int(gj.max()) + n),
                    int(covered.sum())))
    return out


def align_tokens(a: TokenSeq, b: TokenSeq, config: AlignConfig | None = None) -> list[Passage]:
    """Passages of ``a`` reused in ``b``, ordered by their position in ``a``."""
    config = config or AlignConfig()
    candidates = [(s, w) for s, w in _spans(a, b, config) if w >= config.min_words]
    coverage = {s: w for s, w in candidates}
    passages: list[Passage] = []
    for span in merge_overlapping(list(coverage)):
        seed_words = coverage.get(span, span.a1 - span.a0)
        p = to_passage(a, b, span, seed_words, config.max_dp_words)
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
