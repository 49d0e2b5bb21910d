"""Candidate index settings."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IndexConfig", "effective_max_df"]


@dataclass(frozen=True, slots=True)
class IndexConfig:
    """Which n-grams fingerprint a document and when two documents become candidates.

    Attributes:
        ngram: canonical words per fingerprint n-gram.
        sample: keep the n-grams whose hash is 0 modulo this (1 keeps all); the index shrinks
            by this factor and short passages are still hit (a 15-word passage keeps about
            13 / sample fingerprints).
        max_df: fingerprints held by more than this many documents are boilerplate and are
            not counted as evidence (passim's upper document-frequency bound).
        min_shared: fingerprints two documents must share to be aligned (a short query needs
            fewer, see :func:`newstrace.index.needed_shared`).
        max_df_per_million: the cap grows with the index to this many documents per million
            indexed ones (:func:`effective_max_df`); ``max_df`` stays the floor. Keys held by
            more than ``max_df`` documents count only for a candidate that also shares at
            least one key held by at most ``max_df`` (an *anchor*).

    Calibration (``benchmarks/index_bench.py``, news-like corpus of 10k articles of ~600
    words, pairs sharing a 40-80 word passage): 3-grams sampled 1 in 2 keep about 300 keys
    per article; a passage with 20% of its words spun keeps about ten. Requiring 2 shared
    keys made 174 candidates per article (precision 0.002), 4 made 6 (recall 1.000,
    precision 0.05), 6 made 0.8 (recall of spun pairs 0.997, precision 0.37). Content-word
    bigrams sampled 1 in 3 were smaller (127 keys) but missed 2.7% of the spun pairs at 2.

    The cap's growth and the anchor rule (``benchmarks/index_scale.py --max-df ...``, 600-word
    articles whose 15% carry a 40-80 word passage of an earlier one with 20% of it spun): a
    fixed cap of 100 finds 0.971 of the copies at 100k articles, 0.897 at 300k and 0.759 at
    1M, since a passage's 3-grams are held by more documents as the corpus grows. At 1M a
    cap of 1200 finds 0.966, 2000 finds 0.983 but proposes 10.7 candidates per article;
    with the anchor rule 2000 finds 0.982 with 3.1 (0.971 with 2.1 when two anchors are
    required). So the cap grows 2000 per million documents and one anchor is required.
    """

    ngram: int = 3
    sample: int = 2
    max_df: int = 100
    min_shared: int = 5
    max_df_per_million: int = 2000

    def __post_init__(self) -> None:
        for name in ("ngram", "sample", "max_df", "min_shared"):
            if getattr(self, name) < 1:
                raise ValueError(f"IndexConfig.{name} must be at least 1, got {getattr(self, name)}")
        if self.max_df_per_million < 0:
            raise ValueError(f"IndexConfig.max_df_per_million must be >= 0, got {self.max_df_per_million}")


def effective_max_df(config: IndexConfig, documents: int) -> int:
    """The document-frequency cap for an index of ``documents`` documents.

    ``max_df`` on small corpora; on large ones the cap grows with the corpus
    (``max_df_per_million`` keys per million documents), since a fixed cap drops ever more of
    a passage's 3-grams as the corpus grows.

    Example:
        >>> effective_max_df(IndexConfig(max_df=100, max_df_per_million=400), 2_000_000)
        800
    """
    grown = -(-config.max_df_per_million * documents // 1_000_000)
    return max(config.max_df, grown)
