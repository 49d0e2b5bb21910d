"""Attributed claims of one article, by rules over the spaCy dependency parse.

The rules follow PARC 3.0 (source, cue, content):

- a reporting verb (:data:`~newstrace.claims.cues.SAY_VERBS`) with a subject and a content
  clause, before it ("X said that ...") or after it ("..., X said");
- "X is quoted by CHANNEL as saying" after the content;
- "accuse X of Y";
- "according to X" at the start or the end of a sentence;
- a quotation standing alone is credited to the speaker of the claim just before it.

Pronoun speakers are resolved to the subject of the clause that governs the cue, or to the
speaker of a recent claim of the same kind (person / organisation). Whatever cannot be
resolved is dropped: a missing claim is better than a claim credited to the wrong speaker.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from newstrace.claims.cues import SAY_VERBS, is_denial_cue
from newstrace.claims.model import Claim
from newstrace.claims.quotes import QUOTE_CHARS, inside, quote_regions
from newstrace.claims.rules import Found, according_claims, verb_claim
from newstrace.claims.speakers import PRONOUNS, agrees, kind_of

__all__ = ["ClaimsConfig", "extract_claims", "sentences"]


@dataclass(frozen=True, slots=True)
class ClaimsConfig:
    """Extraction settings.

    Attributes:
        min_content_words: shortest content kept (shorter ones are mostly parse noise).
        pronoun_window: how many sentences back a pronoun may find its speaker.
        quote_window: how many sentences back a bare quotation may find its speaker.
    """

    min_content_words: int = 3
    pronoun_window: int = 3
    quote_window: int = 2

    def __post_init__(self) -> None:
        if self.min_content_words < 1 or self.pronoun_window < 0 or self.quote_window < 0:
            raise ValueError("ClaimsConfig: min_content_words must be >= 1 and the windows >= 0")


@dataclass(slots=True)
class _Sentence:
    index: int
    paragraph: int
    start: int  # character offset of the sentence in the article text
    end: int
    span: Any  # the spaCy Span
    offset: int  # character offset of the parsed paragraph


def sentences(text: str, nlp: Any) -> list[_Sentence]:
    """Parse ``text`` paragraph by paragraph (a newline always ends a sentence)."""
    paras: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            paras.append((pos, line))
        pos += len(line) + 1
    out: list[_Sentence] = []
    for p, ((offset, _), doc) in enumerate(zip(paras, nlp.pipe(line for _, line in paras), strict=True)):
        for sent in doc.sents:
            if sent.text.strip():
                s0 = offset + sent.start_char
                out.append(_Sentence(len(out), p, s0, offset + sent.end_char, sent, offset))
    return out


def extract_claims(doc_id: str, text: str, nlp: Any, config: ClaimsConfig | None = None) -> list[Claim]:
    """The attributed claims of one article, in text order, with character offsets."""
    config = config or ClaimsConfig()
    regions = quote_regions(text)
    sents = sentences(text, nlp)
    found: list[tuple[_Sentence, Found]] = []
    for sent in sents:
        for f in _sentence_claims(sent, text, regions, config):
            found.append((sent, f))
    found = _resolve_pronouns(found, config)
    found += _bare_quotes(sents, found, text, regions, config)
    found.sort(key=lambda sf: (sf[1].content_start, sf[1].content_end))
    return [_to_claim(doc_id, i, text, f) for i, (_, f) in enumerate(found)]


def _sentence_claims(
    sent: _Sentence, text: str, regions: list[tuple[int, int]], config: ClaimsConfig
) -> list[Found]:
    out: list[Found] = []
    for tok in sent.span:
        if tok.lemma_.lower() in SAY_VERBS and tok.pos_ == "VERB":
            f = verb_claim(tok, sent.offset, sent.start, text, regions)
            if f is not None:
                out.append(f)
    according = according_claims(sent.span, sent.offset, sent.start, sent.end, text)
    for f in according:
        # Beside a reporting verb, "according to X" names the channel, not a second claim.
        if out:
            out = [replace(o, channel=o.channel or (f.speaker_start, f.speaker_end)) for o in out]
        else:
            out.append(f)
    keep = []
    for f in out:
        words = sum(1 for w in text[f.content_start : f.content_end].split() if any(c.isalnum() for c in w))
        overlap = f.speaker_start < f.content_end and f.content_start < f.speaker_end
        # A denial's object may be short and still say what is denied ("denied the claims").
        cue = text[f.cue_spans[0][0] : f.cue_spans[0][1]] if f.cue_spans else ""
        least = min(config.min_content_words, 2) if is_denial_cue(cue) else config.min_content_words
        if words >= least and not overlap:
            keep.append(f)
    return keep


def _resolve_pronouns(
    found: list[tuple[_Sentence, Found]], config: ClaimsConfig
) -> list[tuple[_Sentence, Found]]:
    out: list[tuple[_Sentence, Found]] = []
    for sent, f in found:
        if f.pronoun is None:
            out.append((sent, f))
            continue
        resolved = _antecedent(f, sent, out, config)
        if resolved is not None:
            out.append((sent, resolved))
    return out


def _antecedent(
    f: Found, sent: _Sentence, earlier: list[tuple[_Sentence, Found]], config: ClaimsConfig
) -> Found | None:
    pron_kind = PRONOUNS[f.pronoun or "it"]
    inside_content = f.governor_span is not None and f.content_start <= f.governor_span[0] < f.content_end
    if f.governor is not None and not inside_content and agrees(pron_kind, kind_of(f.governor)):
        g0, g1 = f.governor_span or (0, 0)
        return replace(f, speaker_start=g0, speaker_end=g1, pronoun=None, speaker_kind=kind_of(f.governor))
    for prev_sent, prev in reversed(earlier):
        if sent.index - prev_sent.index > config.pronoun_window:
            break
        if prev.speaker_start < f.content_start and agrees(pron_kind, prev.speaker_kind):
            return replace(
                f,
                speaker_start=prev.speaker_start,
                speaker_end=prev.speaker_end,
                pronoun=None,
                speaker_kind=prev.speaker_kind,
            )
    return None


def _bare_quotes(
    sents: list[_Sentence],
    found: list[tuple[_Sentence, Found]],
    text: str,
    regions: list[tuple[int, int]],
    config: ClaimsConfig,
) -> list[tuple[_Sentence, Found]]:
    """Sentences that are one quotation with no cue take the speaker of the claim before."""
    covered = [(f.content_start, f.content_end) for _, f in found]
    claimed = {s.index for s, _ in found}
    out: list[tuple[_Sentence, Found]] = []
    for sent in sents:
        if sent.index in claimed:
            continue
        body = text[sent.start : sent.end].strip()
        b0 = sent.start + text[sent.start : sent.end].index(body)
        region = inside(regions, b0, b0 + len(body.rstrip(".")))
        if region is None or not (region[0] <= b0 + 1 and region[1] >= b0 + len(body) - 1):
            continue
        if any(c0 < region[1] and region[0] < c1 for c0, c1 in covered):
            continue
        if any(q[0] > region[1] and q[0] - region[1] <= 3 for q in regions if q != region):
            continue  # the next quotation follows at once: its cue may name another speaker
        prev = [(s, f) for s, f in found + out if s.index < sent.index]
        if not prev or sent.index - prev[-1][0].index > config.quote_window:
            continue
        _, before = prev[-1]
        c0, c1 = _strip(text, region[0], region[1])
        out.append(
            (
                sent,
                replace(
                    before,
                    cue_spans=(),
                    content_start=c0,
                    content_end=c1,
                    channel=None,
                    mention=None,
                    direct=True,
                ),
            )
        )
        covered.append(region)
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in QUOTE_CHARS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in QUOTE_CHARS + ".,;:"):
        end -= 1
    return start, end


def _to_claim(doc_id: str, index: int, text: str, f: Found) -> Claim:
    cue0: int | None = f.cue_spans[0][0] if f.cue_spans else None
    cue1: int | None = f.cue_spans[-1][1] if f.cue_spans else None
    cue = text[cue0:cue1] if cue0 is not None else ""
    ch0, ch1 = f.channel if f.channel else (None, None)
    m0, m1 = f.mention if f.mention else (None, None)
    return Claim(
        doc=doc_id,
        index=index,
        speaker=text[f.speaker_start : f.speaker_end],
        speaker_start=f.speaker_start,
        speaker_end=f.speaker_end,
        cue=cue,
        cue_start=cue0,
        cue_end=cue1,
        content=text[f.content_start : f.content_end],
        content_start=f.content_start,
        content_end=f.content_end,
        channel=None if ch0 is None else text[ch0:ch1],
        channel_start=ch0,
        channel_end=ch1,
        direct=f.direct,
        mention_start=m0,
        mention_end=m1,
    )
