"""extract stage: main text and metadata of HTML pages.

Extractors register by name (:data:`EXTRACTORS`); ``get_extractor("trafilatura")`` is the default.
"""

from __future__ import annotations

from newstrace.extract.base import (
    EXTRACTORS,
    ExtractedPage,
    Extractor,
    get_extractor,
    register_extractor,
)
from newstrace.extract.trafilatura_ext import TrafilaturaExtractor, normalize_date

__all__ = [
    "EXTRACTORS",
    "ExtractedPage",
    "Extractor",
    "TrafilaturaExtractor",
    "get_extractor",
    "normalize_date",
    "register_extractor",
]
