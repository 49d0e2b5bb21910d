"""Align stage: word-level local alignment that survives spinning and reordering."""

from newstrace.align.config import AlignConfig
from newstrace.align.engine import SeedAligner, align_texts, align_tokens

__all__ = ["AlignConfig", "SeedAligner", "align_texts", "align_tokens"]
