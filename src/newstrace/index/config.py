"""Candidate index settings."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IndexConfig"]


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
        min_shared: fingerprints two documents must share to be aligned.
    """

    ngram: int = 3
    sample: int = 2
    max_df: int = 100
    min_shared: int = 2

    def __post_init__(self) -> None:
        for name in ("ngram", "sample", "max_df", "min_shared"):
            if getattr(self, name) < 1:
                raise ValueError(f"IndexConfig.{name} must be at least 1, got {getattr(self, name)}")
