"""Rebuttals inside one article: a claim of one speaker that disputes another speaker's.

A claim B rebuts the claims of speaker A (A and B different speakers) when

- B's content names A and says it is false ("has used an image ... of a videogame",
  "error", "fake"), or B's cue denies ("denied", "rejects");
- or B's cue denies and B's content repeats A's content (half its content words or more);
- or B's speaker has already rebutted A in this article and B again calls something false
  ("The CIT also says the statement contains a second error").

Pure functions over :class:`~newstrace.claims.model.Claim` records.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newstrace.claims.cues import FALSITY_RE, is_denial_cue
from newstrace.claims.model import Claim, Rebuttal
from newstrace.claims.speakers import mentions, same_speaker
from newstrace.normalize import STOPWORDS

__all__ = ["disputes", "find_rebuttals", "with_rebuttals"]

_OVERLAP = 0.5  # share of the target's content words a denial must repeat


def disputes(claim: Claim) -> bool:
    """Whether a claim says something is false or denies it."""
    return is_denial_cue(claim.cue) or FALSITY_RE.search(claim.content) is not None


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W_]+", text.lower()) if w not in STOPWORDS}


def find_rebuttals(claims: list[Claim]) -> list[Rebuttal]:
    """Every (rebutting claim, target claim) pair of one article."""
    out: list[Rebuttal] = []
    rebutted_by: dict[int, set[str]] = {}  # rebutting claim index -> speakers it disputed
    for b in claims:
        if not disputes(b):
            continue
        for a in claims:
            if a.index == b.index or same_speaker(a.speaker, b.speaker) or disputes(a):
                continue
            reason = _reason(a, b, claims, rebutted_by)
            if reason:
                out.append(Rebuttal(b.doc, b.index, a.index, reason))
                rebutted_by.setdefault(b.index, set()).add(a.speaker)
    return out


def _reason(a: Claim, b: Claim, claims: list[Claim], rebutted_by: dict[int, set[str]]) -> str:
    if mentions(b.content, a.speaker):
        return f"{b.speaker!r} says {a.speaker!r} is wrong"
    if is_denial_cue(b.cue):
        words = _content_words(a.content)
        if words and len(words & _content_words(b.content)) >= _OVERLAP * len(words):
            return f"{b.speaker!r} denies what {a.speaker!r} said"
    for earlier, speakers in rebutted_by.items():
        same = earlier < b.index and same_speaker(claims[earlier].speaker, b.speaker)
        if same and any(same_speaker(s, a.speaker) for s in speakers):
            return f"{b.speaker!r} again disputes {a.speaker!r}"
    return ""


def with_rebuttals(claims: list[Claim]) -> list[Claim]:
    """The claims with :attr:`Claim.rebuts` filled in."""
    targets: dict[int, list[int]] = {}
    for r in find_rebuttals(claims):
        targets.setdefault(r.claim, []).append(r.target)
    return [replace(c, rebuts=tuple(sorted(targets.get(c.index, ())))) for c in claims]
