"""newstrace: trace the provenance of news.

Example:
    >>> import newstrace
    >>> source = "The US refused to bomb an ISIS convoy fleeing from Abu Kamal under a pretext."
    >>> copy = "Reports say the USA refused to bomb an ISIS convoy fleeing from Abu Kamal under a pretext."
    >>> passages = newstrace.compare(source, copy)
    >>> [(s.a_text, s.b_text) for s in passages[0].substitutions]
    [('US', 'USA')]
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from newstrace.records import Article, Direction, IngestProblem, Passage, ReuseLink, Substitution

if TYPE_CHECKING:
    from newstrace.api import Corpus, IngestReport, compare, open

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Corpus",
    "Direction",
    "IngestProblem",
    "IngestReport",
    "Passage",
    "ReuseLink",
    "Substitution",
    "__version__",
    "compare",
    "open",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())

_API = frozenset({"Corpus", "IngestReport", "compare", "open"})


def __getattr__(name: str) -> Any:
    # The API pulls in every stage; import it on first use so that importing one stage
    # (or ``newstrace.records``) stays cheap.
    if name in _API:
        from newstrace import api

        return getattr(api, name)
    raise AttributeError(f"module 'newstrace' has no attribute {name!r}")
