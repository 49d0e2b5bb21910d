"""Claims on the pages: what a document's speakers said, and claims followed across a story.

The claims come from :meth:`Corpus.claims` and :meth:`Corpus.claim_groups` (the ``nlp``
extra); this module only fetches them without letting a failure break the page, and
arranges them for display: spans to mark in the text, rebuttal links both ways.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newstrace.api import Corpus
from newstrace.claims import EXTRACTOR_VERSION, INSTALL_HINT, Claim, ClaimGroup, NLPUnavailable
from newstrace.store.claims import ClaimTable
from newstrace.web.markup import Mark

__all__ = [
    "MAX_PENDING_FOR_STORY",
    "ClaimRow",
    "ClaimsResult",
    "GroupsResult",
    "claim_anchor",
    "claim_marks",
    "claim_rows",
    "document_claims",
    "story_claim_groups",
]

log = logging.getLogger(__name__)

# A story page extracts the claims still missing from the store before it links them; spaCy
# takes about 0.2-0.5 s per article here, so beyond this many the page asks for the CLI run
# instead of making the reader wait minutes.
MAX_PENDING_FOR_STORY = 20


def claim_anchor(index: int) -> str:
    """The element id of a claim in a document's text (``claim-3``)."""
    return f"claim-{index}"


@dataclass(frozen=True, slots=True)
class ClaimsResult:
    """A document's claims, or why there are none to show.

    ``claims`` is ``None`` when they could not be had; ``missing_extra`` says the ``nlp``
    extra is not installed (``message`` then holds the install command).
    """

    claims: list[Claim] | None
    message: str | None = None
    missing_extra: bool = False


@dataclass(frozen=True, slots=True)
class GroupsResult:
    """Claim groups touching a set of documents, or why there are none to show."""

    groups: list[ClaimGroup] | None
    message: str | None = None
    missing_extra: bool = False


def _failure(exc: Exception, what: str) -> tuple[str, bool]:
    if isinstance(exc, NLPUnavailable):
        return f"Claims need the nlp extra (spaCy and its English pipeline): {INSTALL_HINT}", True
    log.warning("%s failed: %s", what, exc, exc_info=True)
    return f"Claims could not be extracted: {type(exc).__name__}: {exc}", False


def document_claims(corpus: Corpus, doc_id: str) -> ClaimsResult:
    """:meth:`Corpus.claims` of a stored document; a failure becomes a message, never an error."""
    try:
        return ClaimsResult(corpus.claims(doc_id))
    except KeyError:
        raise
    except Exception as exc:  # the page shows everything else whatever extraction does
        message, missing = _failure(exc, f"claims of {doc_id!r}")
        return ClaimsResult(None, message, missing)


def story_claim_groups(corpus: Corpus, members: Iterable[str]) -> GroupsResult:
    """Claim groups touching the story's documents (TF-IDF linking, no embeddings: fast).

    Groups carried by one article only are left out unless some article rebuts them.
    When many documents still lack extracted claims, nothing is extracted and the result
    says how to extract them first.
    """
    wanted = set(members)
    pending = len(ClaimTable(corpus.store).pending(EXTRACTOR_VERSION))
    if pending > MAX_PENDING_FOR_STORY:
        return GroupsResult(
            None,
            f"The claims of {pending} stored documents have not been extracted yet; run "
            "`newstrace claims --all` once (it keeps them in the store), then reload this page.",
        )
    try:
        groups = corpus.claim_groups(min_carriers=1, embeddings=False)
    except Exception as exc:  # as above: the story page stays up
        message, missing = _failure(exc, "claim groups")
        return GroupsResult(None, message, missing)
    return GroupsResult(
        [
            g
            for g in groups
            if (len(g.carriers) > 1 or g.rebuttals)
            and any(c.doc in wanted for c in (*g.carriers, *g.rebuttals))
        ]
    )


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One claim as the document page lists it, with its rebuttal links both ways."""

    claim: Claim
    anchor: str
    rebuts: tuple[Claim, ...]
    rebutted_by: tuple[Claim, ...]


def claim_rows(claims: Sequence[Claim]) -> list[ClaimRow]:
    """Claims in text order, each with the claims it rebuts and the claims rebutting it."""
    by_index = {c.index: c for c in claims}
    rebutted_by: dict[int, list[Claim]] = {}
    for c in claims:
        for target in c.rebuts:
            rebutted_by.setdefault(target, []).append(c)
    return [
        ClaimRow(
            c,
            claim_anchor(c.index),
            tuple(by_index[t] for t in c.rebuts if t in by_index),
            tuple(rebutted_by.get(c.index, ())),
        )
        for c in sorted(claims, key=lambda c: (c.content_start, c.index))
    ]


def _inside(start: int | None, end: int | None, length: int) -> bool:
    return start is not None and end is not None and 0 <= start < end <= length


def claim_marks(claims: Sequence[Claim], length: int) -> tuple[list[Mark], list[Mark]]:
    """Marks for a document's text: (anchors at each claim's content, highlighted spans).

    Speakers and cues come before contents so that a claim reported inside another's
    content keeps its own speaker and cue marked. Spans outside the text are skipped.
    """
    anchors = [
        Mark(c.content_start, c.content_start, "span", "anchor", claim_anchor(c.index))
        for c in claims
        if _inside(c.content_start, c.content_end, length)
    ]

    def tip(c: Claim) -> str:
        return f"claim {c.index + 1}: {c.speaker}"

    spans: list[Mark] = []
    for c in claims:
        if _inside(c.speaker_start, c.speaker_end, length):
            spans.append(
                Mark(c.speaker_start, c.speaker_end, "span", "cl-speaker", title=f"speaker of {tip(c)}")
            )
        resolved = c.mention_start is not None and c.mention_start != c.speaker_start
        if resolved and _inside(c.mention_start, c.mention_end, length):
            spans.append(
                Mark(
                    c.mention_start or 0,
                    c.mention_end or 0,
                    "span",
                    "cl-speaker",
                    title=f"refers to {tip(c)}",
                )
            )
        if _inside(c.cue_start, c.cue_end, length):
            spans.append(Mark(c.cue_start or 0, c.cue_end or 0, "span", "cl-cue", title=f"cue of {tip(c)}"))
    for c in claims:
        if _inside(c.content_start, c.content_end, length):
            css = "cl-content rebuttal" if c.rebuts else "cl-content"
            spans.append(Mark(c.content_start, c.content_end, "span", css, title=f"what was said: {tip(c)}"))
    return anchors, spans
