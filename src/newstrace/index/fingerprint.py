"""Document fingerprints: sampled hashes of content-bearing canonical n-grams."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from newstrace.align.seeds import ngram_hashes
from newstrace.index.config import IndexConfig
from newstrace.normalize import TokenSeq

__all__ = ["fingerprints", "to_signed"]


def fingerprints(seq: TokenSeq, config: IndexConfig) -> npt.NDArray[np.uint64]:
    """The distinct sampled n-gram hashes of ``seq``, sorted.

    The n-grams are the ones the aligner seeds on, so two documents that share a passage
    the aligner can find share fingerprints.
    """
    n = config.ngram
    hashes = ngram_hashes(seq.ids, n)
    if hashes.shape[0] == 0:
        return hashes
    csum = np.concatenate(([0], np.cumsum(seq.content, dtype=np.int64)))
    has_content = (csum[n:] - csum[: hashes.shape[0]]) > 0
    hashes = hashes[has_content]
    if config.sample > 1:
        hashes = hashes[hashes % np.uint64(config.sample) == 0]
    return np.unique(hashes)


def to_signed(hashes: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """View unsigned 64-bit hashes as signed (SQLite integers are signed)."""
    return hashes.view(np.int64)
