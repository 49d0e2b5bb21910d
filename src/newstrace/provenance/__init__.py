"""Provenance stage: direction of reuse links and each document's trace."""

from newstrace.provenance.direction import decide_direction, parse_published
from newstrace.provenance.trace import Trace, TracedPassage, trace_document

__all__ = ["Trace", "TracedPassage", "decide_direction", "parse_published", "trace_document"]
