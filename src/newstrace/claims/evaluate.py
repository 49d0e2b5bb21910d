"""Scoring extracted claims against hand-annotated attributions (PARC-style gold).

Pure functions: the caller reads the gold lines and runs the extractor. A predicted claim
matches a gold attribution of the same article when their cue spans overlap (one-to-one,
largest overlap first). On matched pairs the speaker is right when the spans overlap (the
predicted speaker or its in-sentence mention against the gold mention or its antecedent) or
when both name the same entity (same head word, one name's words contained in the other's).
Quotations with no cue of their own (``cue_start is None``) are kept out of cue precision and
recall and scored apart, matched by content overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newstrace.claims.model import Claim

__all__ = [
    "ClaimScores",
    "GoldAttribution",
    "Match",
    "content_f1",
    "match_claims",
    "parse_gold",
    "same_entity",
    "score_claims",
    "speaker_error_kind",
    "speaker_right",
]

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One hand-annotated attribution: spans are half-open character offsets into the text.

    ``cue`` is ``None`` for a quotation that continues an earlier speaker with no cue of its
    own; ``speaker_ref`` is the antecedent when the speaker mention is a pronoun.
    """

    doc: str
    speaker: str
    speaker_span: Span
    cue: str | None
    cue_span: Span | None
    content: str
    content_span: Span
    direct: bool
    speaker_ref: str | None = None
    speaker_ref_span: Span | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """A predicted claim paired with the gold attribution it was matched to."""

    claim: Claim
    gold: GoldAttribution
    speaker_ok: bool
    content_f1: float


@dataclass(frozen=True, slots=True)
class ClaimScores:
    """Cue precision/recall/F1, speaker accuracy and content overlap on one set of articles.

    ``bare_*`` count the cue-less quotations (not part of the cue figures).
    """

    docs: int
    gold_cues: int
    predicted_cues: int
    matched_cues: int
    speaker_right: int
    content_f1_sum: float
    gold_bare: int
    predicted_bare: int
    matched_bare: int
    bare_speaker_right: int

    @property
    def precision(self) -> float:
        return self.matched_cues / self.predicted_cues if self.predicted_cues else 0.0

    @property
    def recall(self) -> float:
        return self.matched_cues / self.gold_cues if self.gold_cues else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        """Share of the matched cues whose speaker is right."""
        return self.speaker_right / self.matched_cues if self.matched_cues else 0.0

    @property
    def content_f1(self) -> float:
        """Mean character-overlap F1 of content spans over the matched cues."""
        return self.content_f1_sum / self.matched_cues if self.matched_cues else 0.0


def parse_gold(records: Iterable[Mapping[str, Any]]) -> tuple[list[GoldAttribution], list[str]]:
    """Gold attributions and the ids of every annotated article (including those with none)
    from the JSON objects of ``annotations.jsonl``."""
    gold: list[GoldAttribution] = []
    docs: list[str] = []
    for r in records:
        doc = str(r["doc_id"])
        if doc not in docs:
            docs.append(doc)
        if r.get("no_attribution"):
            continue
        cue_span = (int(r["cue_start"]), int(r["cue_end"])) if r.get("cue_start") is not None else None
        ref_span = (
            (int(r["speaker_ref_start"]), int(r["speaker_ref_end"]))
            if r.get("speaker_ref_start") is not None
            else None
        )
        gold.append(
            GoldAttribution(
                doc=doc,
                speaker=str(r["speaker"]),
                speaker_span=(int(r["speaker_start"]), int(r["speaker_end"])),
                cue=r.get("cue"),
                cue_span=cue_span,
                content=str(r["content"]),
                content_span=(int(r["content_start"]), int(r["content_end"])),
                direct=bool(r.get("direct")),
                speaker_ref=r.get("speaker_ref"),
                speaker_ref_span=ref_span,
            )
        )
    return gold, docs


def _overlap(a: Span | None, b: Span | None) -> int:
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def content_f1(pred: Span, gold: Span) -> float:
    """Character-overlap F1 of two spans (1.0 identical, 0.0 disjoint)."""
    inter = _overlap(pred, gold)
    if not inter:
        return 0.0
    p, r = inter / (pred[1] - pred[0]), inter / (gold[1] - gold[0])
    return 2 * p * r / (p + r)


_HONORIFICS = frozenset(["the", "a", "an", "mr", "mrs", "ms", "dr", "his", "her", "its", "their"])
_PRONOUNS = frozenset(["he", "she", "it", "they", "i", "we", "you", "him", "them"])


def _name_words(name: str) -> list[str]:
    words = [w.lower() for w in re.findall(r"[\w-]+", name.replace("'s", ""))]
    return [w for w in words if w not in _HONORIFICS]


def same_entity(a: str, b: str) -> bool:
    """Two speaker phrases name the same entity: same head (last) word and one phrase's
    words all in the other ("Mr Guest" ~ "Peter Guest", "The ministry" ~ "the Russian
    defence ministry"; "police" !~ "police Const. Tim Fanning"); pronouns never match by text."""
    wa, wb = _name_words(a), _name_words(b)
    if not wa or not wb or set(wa) <= _PRONOUNS or set(wb) <= _PRONOUNS:
        return False
    if wa[-1] != wb[-1]:
        return False
    sa, sb = set(wa), set(wb)
    return sa <= sb or sb <= sa


def _pred_speaker_spans(c: Claim) -> list[Span]:
    spans: list[Span] = [(c.speaker_start, c.speaker_end)]
    if c.mention_start is not None and c.mention_end is not None:
        spans.append((c.mention_start, c.mention_end))
    return spans


def _gold_speaker_spans(g: GoldAttribution) -> list[Span]:
    return [g.speaker_span] + ([g.speaker_ref_span] if g.speaker_ref_span else [])


def speaker_right(c: Claim, g: GoldAttribution) -> bool:
    """The predicted speaker is the gold one: overlapping spans or the same named entity."""
    if any(_overlap(p, q) for p in _pred_speaker_spans(c) for q in _gold_speaker_spans(g)):
        return True
    names = [g.speaker] + ([g.speaker_ref] if g.speaker_ref else [])
    return any(same_entity(c.speaker, n) for n in names)


def speaker_error_kind(c: Claim, g: GoldAttribution, doc_gold: Sequence[GoldAttribution]) -> str:
    """Why a speaker is wrong: ``"another source"`` (a different attribution's source in the
    same article, e.g. the party that rebutted it), ``"pronoun"`` (left unresolved),
    or ``"not a source"`` (a phrase that is no source in the gold)."""
    if any(speaker_right(c, o) for o in doc_gold if o is not g):
        return "another source"
    if set(_name_words(c.speaker)) <= _PRONOUNS:
        return "pronoun"
    return "not a source"


def _greedy(pairs: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def match_claims(claims: Sequence[Claim], gold: Sequence[GoldAttribution]) -> tuple[list[Match], list[Match]]:
    """(cue matches, bare-quotation matches) between the predicted and gold of one article.

    Cue matches pair overlapping cue spans (ties broken by content overlap); bare matches
    pair cue-less predictions with cue-less gold by content overlap.
    """
    cue_pairs, bare_pairs = [], []
    for i, c in enumerate(claims):
        cs = (c.content_start, c.content_end)
        for j, g in enumerate(gold):
            if c.cue_start is not None and c.cue_end is not None and g.cue_span is not None:
                ov = _overlap((c.cue_start, c.cue_end), g.cue_span)
                if ov:
                    cue_pairs.append((ov + content_f1(cs, g.content_span), i, j))
            elif c.cue_start is None and g.cue_span is None:
                f = content_f1(cs, g.content_span)
                if f:
                    bare_pairs.append((f, i, j))

    def build(pairs: list[tuple[float, int, int]]) -> list[Match]:
        return [
            Match(
                claims[i],
                gold[j],
                speaker_right(claims[i], gold[j]),
                content_f1((claims[i].content_start, claims[i].content_end), gold[j].content_span),
            )
            for i, j in _greedy(pairs)
        ]

    return build(cue_pairs), build(bare_pairs)


def score_claims(
    predicted: Mapping[str, Sequence[Claim]], gold: Sequence[GoldAttribution], docs: Sequence[str]
) -> tuple[ClaimScores, list[Match]]:
    """Scores over the articles ``docs`` and every match made (cue matches, then bare ones)."""
    keys: tuple[str, ...] = ("gold_cues", "predicted_cues", "matched_cues", "speaker_right")
    keys += ("gold_bare", "predicted_bare", "matched_bare", "bare_speaker_right")
    totals = dict.fromkeys(keys, 0)
    f1_sum = 0.0
    matches: list[Match] = []
    for doc in docs:
        claims = list(predicted.get(doc, ()))
        doc_gold = [g for g in gold if g.doc == doc]
        cue_m, bare_m = match_claims(claims, doc_gold)
        totals["gold_cues"] += sum(g.cue_span is not None for g in doc_gold)
        totals["gold_bare"] += sum(g.cue_span is None for g in doc_gold)
        totals["predicted_cues"] += sum(c.cue_start is not None for c in claims)
        totals["predicted_bare"] += sum(c.cue_start is None for c in claims)
        totals["matched_cues"] += len(cue_m)
        totals["speaker_right"] += sum(m.speaker_ok for m in cue_m)
        totals["matched_bare"] += len(bare_m)
        totals["bare_speaker_right"] += sum(m.speaker_ok for m in bare_m)
        f1_sum += sum(m.content_f1 for m in cue_m)
        matches.extend(cue_m + bare_m)
    return ClaimScores(docs=len(docs), content_f1_sum=f1_sum, **totals), matches
