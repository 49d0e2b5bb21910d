"""Records of the claims stage: attributed statements, their links and their groups.

Every span is a half-open pair of character offsets into the article text as stored, so
``text[c.content_start:c.content_end] == c.content``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Carrier", "Claim", "ClaimGroup", "ClaimLink", "Rebuttal"]


@dataclass(frozen=True, slots=True)
class Claim:
    """One attributed statement in one article (PARC 3.0: source, cue, content).

    Attributes:
        doc: id of the article.
        index: position of the claim among the article's claims (0, 1, ...).
        speaker: who made the statement, as written at ``speaker_start:speaker_end``. For a
            pronoun ("it said") this is the earlier mention it was resolved to.
        cue: the attribution words ("said", "is quoted by ... as saying", "according to");
            empty with ``None`` offsets when the speaker was carried over to a bare quotation
            from the claim before it.
        content: what was said.
        channel: through whom or what it reached the outlet ("Tass news agency", "a
            statement"), or ``None``.
        direct: the content is a quotation in its entirety.
        mention_start, mention_end: the speaker's mention in the claim's own sentence (the
            pronoun when resolved; equal to the speaker span otherwise; ``None`` when the
            speaker was carried over).
        rebuts: indices of claims of the same article that this one disputes.
    """

    doc: str
    index: int
    speaker: str
    speaker_start: int
    speaker_end: int
    cue: str
    cue_start: int | None
    cue_end: int | None
    content: str
    content_start: int
    content_end: int
    channel: str | None = None
    channel_start: int | None = None
    channel_end: int | None = None
    direct: bool = False
    mention_start: int | None = None
    mention_end: int | None = None
    rebuts: tuple[int, ...] = ()

    @property
    def resolved(self) -> bool:
        """The speaker was found outside the claim's own words (pronoun or carried over)."""
        return self.mention_start != self.speaker_start

    def to_json(self) -> dict[str, Any]:
        """The JSONL line of ``newstrace claims``: the documented keys first, then extras."""
        return {
            "speaker": self.speaker,
            "cue": self.cue,
            "content": self.content,
            "channel": self.channel,
            "direct": self.direct,
            "speaker_start": self.speaker_start,
            "speaker_end": self.speaker_end,
            "cue_start": self.cue_start,
            "cue_end": self.cue_end,
            "content_start": self.content_start,
            "content_end": self.content_end,
            "channel_start": self.channel_start,
            "channel_end": self.channel_end,
            "mention_start": self.mention_start,
            "mention_end": self.mention_end,
            "doc": self.doc,
            "index": self.index,
            "rebuts": list(self.rebuts),
        }


@dataclass(frozen=True, slots=True)
class Rebuttal:
    """Claim ``claim`` of an article disputes claim ``target`` of the same article."""

    doc: str
    claim: int
    target: int
    reason: str


@dataclass(frozen=True, slots=True)
class ClaimLink:
    """The same statement in two articles.

    ``method`` is ``"verbatim"`` (canonical words nearly identical) or ``"paraphrase"``
    (similar meaning by vector cosine); ``score`` is the similarity that decided.
    """

    a_doc: str
    a_index: int
    b_doc: str
    b_index: int
    score: float
    method: str


@dataclass(frozen=True, slots=True)
class Carrier:
    """One article that carries a claim (or a rebuttal of it)."""

    doc: str
    index: int
    source: str | None
    published: str | None
    speaker: str
    content: str


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """One statement followed across articles.

    Attributes:
        id: a stable label: ``doc#index`` of the first carrier.
        speaker: the speaker as the first carrier names it.
        content: the content as the first carrier words it.
        carriers: every article that carries it, earliest first (dated before undated).
        first: the earliest carrier when the dates tell, else ``None``.
        first_reason: why ``first`` was or was not decided.
        rebuttals: claims in any article that dispute it.
    """

    id: str
    speaker: str
    content: str
    carriers: tuple[Carrier, ...]
    first: Carrier | None
    first_reason: str
    rebuttals: tuple[Carrier, ...] = ()
