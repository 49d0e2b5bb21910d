"""Claims stage: attributed statements (who said what), linked across articles, with the
articles that rebut them.

Extraction needs the ``nlp`` extra (spaCy and its English pipeline); linking and grouping
are pure functions over :class:`Claim` records.
"""

from __future__ import annotations

from typing import Any

from newstrace.claims.extract import ClaimsConfig, extract_claims
from newstrace.claims.link import Encoder, LinkConfig, group_claims, link_claims
from newstrace.claims.model import Carrier, Claim, ClaimGroup, ClaimLink, Rebuttal
from newstrace.claims.nlp import INSTALL_HINT, NLPUnavailable, load_pipeline
from newstrace.claims.rebut import disputes, find_rebuttals, with_rebuttals

__all__ = [
    "EXTRACTOR_VERSION",
    "INSTALL_HINT",
    "Carrier",
    "Claim",
    "ClaimGroup",
    "ClaimLink",
    "ClaimsConfig",
    "Encoder",
    "LinkConfig",
    "NLPUnavailable",
    "Rebuttal",
    "article_claims",
    "disputes",
    "extract_claims",
    "find_rebuttals",
    "group_claims",
    "link_claims",
    "load_pipeline",
    "with_rebuttals",
]

EXTRACTOR_VERSION = "claims-2"  # bump when extraction rules change: stored claims are redone


def article_claims(
    doc_id: str, text: str, nlp: Any | None = None, config: ClaimsConfig | None = None
) -> list[Claim]:
    """The claims of one article with their rebuttals marked (loads the pipeline if needed).

    Raises:
        NLPUnavailable: spaCy or its English pipeline is not installed.
    """
    return with_rebuttals(extract_claims(doc_id, text, nlp if nlp is not None else load_pipeline(), config))
