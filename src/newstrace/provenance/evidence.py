"""Direction of a reuse pair from its texts, when publication times cannot tell.

Evidence, each with a weight (a rough probability that it points the right way):

* credit: one text credits the other's outlet ("(AP)", "Reuters", "according to Tass",
  "quoted by Tass as saying", "told CNN"): the crediting text is the copy (0.8);
* wire format: one text opens a shared passage with a dateline or wire credit
  ("(ANSAmed) - Moscow, November 14 -") that the other lacks: the wire text is the source (0.65);
* composite: one text holds the pair's passage plus material it shares with third documents
  the other does not share: the composite is the copy (0.7).

Evidence for both sides cancels out; below 0.6 the answer stays "undetermined".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from newstrace.provenance.direction import decide_direction, parse_published
from newstrace.provenance.outlets import outlet_of
from newstrace.records import Article, Direction, ReuseLink

__all__ = [
    "DirectionDecision",
    "credited_outlets",
    "resolve_direction",
    "resolve_directions",
    "wire_marks",
]

MIN_CONFIDENCE = 0.6
_NAME = r"[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,3}"
_CREDIT = [
    re.compile(rf"\(({_NAME})\)"),  # (AP), (ANSAmed)
    re.compile(rf"\baccording to (?:the )?({_NAME})"),
    re.compile(rf"\bquoted by (?:the )?({_NAME})(?: news agency)?(?: as saying)?"),
    re.compile(rf"\b(?:told|said in an interview with) (?:the )?({_NAME})"),
    re.compile(rf"\b({_NAME}) (?:reported|reports|said on its website)"),
    re.compile(r"\b(Reuters|Associated Press|AFP|Agence France-Presse|Interfax|Xinhua)\b"),
]
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    rf"(?:\({_NAME}\)\s*[-–—]\s*)?[A-Z][A-Za-z .'-]{{1,40}},\s+(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})"
    rf"(?:,? \d{{4}})?\s*(?:\({_NAME}\))?\s*[-–—]"
    rf"|[A-Z][A-Z .'-]{{2,40}}(?:, [A-Za-z. ]+)?\s*\({_NAME}\)\s*[-–—]"
    rf"|\({_NAME}\)\s*[-–—]"
)


@dataclass(frozen=True, slots=True)
class DirectionDecision:
    """Who copied whom in one pair, how sure, and why."""

    direction: Direction
    confidence: float
    reason: str


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


def credited_outlets(text: str) -> set[str]:
    """Outlet names a text credits, normalised (lower case, letters and digits only).

    Example:
        >>> sorted(credited_outlets("the ministry is quoted by Tass news agency as saying (AP)"))
        ['ap', 'tass']
    """
    return {_norm(m.group(1)) for pattern in _CREDIT for m in pattern.finditer(text)} - {""}


def wire_marks(text: str, start: int, before: int = 120) -> bool:
    """Whether a dateline or wire credit stands just before ``start`` (or opens the text)."""
    return bool(_DATELINE.search(text[max(0, start - before) : start]))


def _names(article: Article) -> set[str]:
    names = set()
    outlet = outlet_of(article)
    if outlet:
        names.add(_norm(outlet))
        names.add(_norm(outlet.split(".")[0]))
    return names - {""}


def _credit_evidence(a: Article, b: Article) -> list[tuple[int, float, str]]:
    """+1 means A is the source."""
    out = []
    if _names(a) & credited_outlets(b.text):
        out.append((+1, 0.8, f"{b.id} credits {outlet_of(a)}"))
    if _names(b) & credited_outlets(a.text):
        out.append((-1, 0.8, f"{a.id} credits {outlet_of(b)}"))
    return out


def _wire_evidence(a: Article, b: Article, pair: Sequence[ReuseLink]) -> list[tuple[int, float, str]]:
    on_a = any(wire_marks(a.text, lk.passage.a_start) for lk in pair)
    on_b = any(wire_marks(b.text, lk.passage.b_start) for lk in pair)
    if on_a and not on_b:
        return [(+1, 0.65, f"{a.id} carries the dateline or wire credit the shared text opens with")]
    if on_b and not on_a:
        return [(-1, 0.65, f"{b.id} carries the dateline or wire credit the shared text opens with")]
    return []


def _outside(spans: Iterable[tuple[int, int]], inside: Sequence[tuple[int, int]]) -> int:
    """Characters of ``spans`` not covered by ``inside``."""
    covered: set[int] = set()
    for s, e in spans:
        covered.update(range(s, e))
    for s, e in inside:
        covered.difference_update(range(s, e))
    return len(covered)


def _composite_evidence(
    a: Article,
    b: Article,
    pair: Sequence[ReuseLink],
    others: Mapping[str, Sequence[tuple[str, int, int]]],
    min_chars: int = 80,
) -> list[tuple[int, float, str]]:
    """``others[doc]``: (other doc, start, end) spans of ``doc`` shared with any document."""
    third_a = _outside(
        [(s, e) for d, s, e in others.get(a.id, ()) if d != b.id],
        [(lk.passage.a_start, lk.passage.a_end) for lk in pair],
    )
    third_b = _outside(
        [(s, e) for d, s, e in others.get(b.id, ()) if d != a.id],
        [(lk.passage.b_start, lk.passage.b_end) for lk in pair],
    )
    if third_b >= min_chars and third_a < min_chars:
        return [
            (
                +1,
                0.7,
                f"{b.id} is a composite: it also holds {third_b} characters shared with other documents",
            )
        ]
    if third_a >= min_chars and third_b < min_chars:
        return [
            (
                -1,
                0.7,
                f"{a.id} is a composite: it also holds {third_a} characters shared with other documents",
            )
        ]
    return []


def _combine(evidence: list[tuple[int, float, str]], fallback: str) -> DirectionDecision:
    if not evidence:
        return DirectionDecision(Direction.UNDETERMINED, 0.0, fallback + "; no textual evidence")
    doubt = {+1: 1.0, -1: 1.0}
    for side, weight, _ in evidence:
        doubt[side] *= 1.0 - weight
    for_a, for_b = 1.0 - doubt[+1], 1.0 - doubt[-1]
    side = +1 if for_a > for_b else -1
    confidence = max(for_a, for_b) * (doubt[-side])
    reasons = "; ".join(r for _, _, r in evidence)
    if for_a == for_b or confidence < MIN_CONFIDENCE:
        return DirectionDecision(
            Direction.UNDETERMINED, round(confidence, 3), f"{fallback}; weak or conflicting: {reasons}"
        )
    direction = Direction.A_TO_B if side > 0 else Direction.B_TO_A
    return DirectionDecision(direction, round(confidence, 3), f"{fallback}; {reasons}")


def resolve_direction(
    a: Article,
    b: Article,
    pair: Sequence[ReuseLink],
    others: Mapping[str, Sequence[tuple[str, int, int]]] | None = None,
) -> DirectionDecision:
    """Direction of the pair (A, B) with its passages ``pair``: times first, then the texts.

    ``others`` maps a document id to the spans it shares with any document
    (``(other id, start, end)``), for the composite evidence.
    """
    direction, reason = decide_direction(a, b)
    if direction is not Direction.UNDETERMINED:
        pa, pb = parse_published(a.published), parse_published(b.published)
        precise = pa is not None and pb is not None and min(pa[1], pb[1]) == 4
        return DirectionDecision(direction, 0.95 if precise else 0.9, reason)
    evidence = (
        _credit_evidence(a, b) + _wire_evidence(a, b, pair) + _composite_evidence(a, b, pair, others or {})
    )
    return _combine(evidence, reason)


def resolve_directions(
    links: Iterable[ReuseLink], articles: Mapping[str, Article]
) -> dict[tuple[str, str], DirectionDecision]:
    """The direction of every document pair in ``links`` (all passages of a pair agree).

    ``articles`` must hold both documents of every pair; pairs with a missing document
    are left out.
    """
    pairs: dict[tuple[str, str], list[ReuseLink]] = {}
    shared: dict[str, list[tuple[str, int, int]]] = {}
    for lk in links:
        pairs.setdefault((lk.doc_a, lk.doc_b), []).append(lk)
        p = lk.passage
        shared.setdefault(lk.doc_a, []).append((lk.doc_b, p.a_start, p.a_end))
        shared.setdefault(lk.doc_b, []).append((lk.doc_a, p.b_start, p.b_end))
    out = {}
    for (a, b), group in pairs.items():
        if a in articles and b in articles:
            out[(a, b)] = resolve_direction(articles[a], articles[b], group, shared)
    return out
