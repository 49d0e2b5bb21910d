"""Alignment settings."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AlignConfig"]


@dataclass(frozen=True, slots=True)
class AlignConfig:
    """How two token sequences are aligned into reused passages.

    Attributes:
        ngram: words per seed (a shared run of this many canonical words starts a match).
        max_occurrences: seeds whose n-gram occurs more often than this in either text are
            ignored (boilerplate and pathological repetition).
        support_window: half-width, in words, of the neighbourhood that must hold other
            seeds for a seed to count (isolated shared phrases are not reuse).
        support_band: how far, in words, neighbouring seeds may lie off the seed's diagonal.
        min_support: seeds needed in that neighbourhood, the seed itself included.
        max_gap: words without a seed, in either text, that end a passage.
        merge_gap: two passages that touch in one text (within ``max_gap`` words) and lie at
            most this many words apart in the other are one reordered passage (the copier
            shuffled sentences and wrote its own in between).
        min_words: matched words a passage needs to be reported.
        max_dp_words: spans longer than this (in words) are not aligned word by word;
            the passage is reported from its seeds alone, without substitutions.
    """

    # Calibrated on the seed pair and on same-topic ECB+ negatives (see BENCHMARKS.md):
    # a shared 5-word phrase gives 3 seeds and stays below min_support.
    ngram: int = 3
    max_occurrences: int = 20
    support_window: int = 16
    support_band: int = 4
    min_support: int = 4
    max_gap: int = 20
    merge_gap: int = 100
    min_words: int = 12
    max_dp_words: int = 4000

    def __post_init__(self) -> None:
        for name in ("ngram", "max_occurrences", "support_window", "support_band", "min_support"):
            if getattr(self, name) < 1:
                raise ValueError(f"AlignConfig.{name} must be at least 1, got {getattr(self, name)}")
        if self.merge_gap < self.max_gap:
            raise ValueError(
                f"AlignConfig.merge_gap ({self.merge_gap}) must be at least max_gap ({self.max_gap})"
            )
        if self.max_gap < 0:
            raise ValueError(f"AlignConfig.max_gap must be 0 or more, got {self.max_gap}")
        if self.min_words < self.ngram:
            raise ValueError(
                f"AlignConfig.min_words ({self.min_words}) must be at least ngram ({self.ngram})"
            )
        if self.max_dp_words < 10:
            raise ValueError(f"AlignConfig.max_dp_words must be at least 10, got {self.max_dp_words}")
