"""Index stage: candidate pairs of documents that may share a passage."""

from newstrace.index.base import CandidateIndex, MemoryIndex, fewest_shared, needed_shared, select_candidates
from newstrace.index.config import IndexConfig, effective_max_df
from newstrace.index.fingerprint import fingerprints, to_signed
from newstrace.index.segments import SegmentIndex

__all__ = [
    "CandidateIndex",
    "IndexConfig",
    "MemoryIndex",
    "SegmentIndex",
    "effective_max_df",
    "fewest_shared",
    "fingerprints",
    "needed_shared",
    "select_candidates",
    "to_signed",
]
