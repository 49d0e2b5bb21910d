"""Cue rules over one parsed sentence: who (speaker), which words (cue), what (content).

Functions take spaCy tokens (typed ``Any``) and the character offset of the parsed
paragraph in the article text; they return :class:`Found` spans into that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newstrace.claims.cues import CHANNEL_NOUNS, MEDIA_NOUNS, NP_DENY_VERBS, QUOTE_ONLY_VERBS, SAY_VERBS
from newstrace.claims.quotes import QUOTE_CHARS, inside
from newstrace.claims.speakers import PRONOUNS, is_plausible, kind_of, speaker_tokens

__all__ = ["Found", "according_claims", "verb_claim"]

_RELATIVE = frozenset({"who", "that", "which"})
_OBJECT_CASE = frozenset({"him", "them", "me", "us"})
_NOT_YET = frozenset({"will", "'ll", "may", "might", "could", "can", "should", "must", "shall"})
# "(ANSAmed) - Moscow, November 14 - " before the first sentence of a wire story.
_DATELINE = re.compile(r"\s*(?:\([^)]{1,30}\)\s*[-–—]\s*)?[A-Z][^\n]{0,40}?\b\d{1,2}\s*[-–—]\s+")


@dataclass(frozen=True, slots=True)
class Found:
    """A claim found in one sentence, before its pronoun is resolved and it is numbered."""

    speaker_start: int
    speaker_end: int
    speaker_kind: str
    cue_spans: tuple[tuple[int, int], ...]
    content_start: int
    content_end: int
    direct: bool
    channel: tuple[int, int] | None = None
    mention: tuple[int, int] | None = None
    pronoun: str | None = None
    governor: Any = None  # subject of the clause that governs the cue (pronoun antecedent)
    governor_span: tuple[int, int] | None = None


def _span(tokens: list[Any], offset: int) -> tuple[int, int]:
    return offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1].text)


def _speaker(tok: Any) -> Any | None:
    """The head of the speaker phrase of a reporting verb, or ``None``."""
    subj = [ch for ch in tok.children if ch.dep_ == "nsubj"]
    if subj and subj[0].lower_ in _RELATIVE and tok.dep_ == "relcl":
        return tok.head
    if subj:
        return subj[0]
    if tok.dep_ == "conj" or (tok.dep_ == "advcl" and tok.tag_ == "VBG"):
        head = tok.head
        # "X said there was no crime, explaining that ...": a participle on a clause without
        # a subject of its own belongs to the speaker of the clause that reports it.
        while (
            tok.dep_ == "advcl"
            and not any(ch.dep_ == "nsubj" for ch in head.children)
            and head.dep_ == "ccomp"
            and head.head.lemma_.lower() in SAY_VERBS
        ):
            head = head.head
        heads = [ch for ch in head.children if ch.dep_ == "nsubj"]
        return heads[0] if heads else None
    return _channel_speaker(tok)


def _channel_speaker(tok: Any) -> Any | None:
    """ "X issued a statement saying ...", "X delivered a speech arguing ...": the subject of
    the verb whose object (or object of a preposition) is the channel noun."""
    noun = tok.head
    if tok.dep_ != "acl" or tok.tag_ != "VBG" or noun.lemma_.lower() not in CHANNEL_NOUNS:
        return None
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    elif noun.dep_ != "dobj":
        return None
    subj = [ch for ch in verb.children if ch.dep_ == "nsubj" and ch.lower_ not in _RELATIVE]
    return subj[0] if subj and verb.pos_ in ("VERB", "AUX") else None


def _governor(tok: Any) -> Any | None:
    """For "photographs that it said proved ...": the subject of the verb above a cue in a
    subordinate clause (not of the content that a parenthetical "it said" hangs from)."""
    if tok.dep_ not in ("relcl", "acl"):
        return None
    for anc in tok.ancestors:
        if anc.pos_ in ("VERB", "AUX"):
            subj = [ch for ch in anc.children if ch.dep_ == "nsubj" and ch.pos_ != "PRON"]
            return subj[0] if subj and is_plausible(subj[0]) else None
    return None


def _channel(tok: Any, offset: int) -> tuple[int, int] | None:
    for ch in tok.children:
        if ch.dep_ == "agent" or (ch.dep_ == "prep" and ch.lower_ in ("in", "on", "to", "via")):
            objs = [g for g in ch.children if g.dep_ == "pobj"]
            if objs and (ch.dep_ == "agent" or objs[0].lemma_.lower() in CHANNEL_NOUNS):
                return _span(speaker_tokens(objs[0]), offset)
        media = ch.ent_type_ == "ORG" or ch.lemma_.lower() in MEDIA_NOUNS
        if tok.lemma_ == "tell" and ch.dep_ in ("dative", "dobj") and media:
            return _span(speaker_tokens(ch), offset)
    return None


def _trailing_content(tok: Any, first_speaker: Any, sent: Any) -> list[Any] | None:
    """ "CONTENT, SPEAKER CUE ...": the words before the speaker when the attribution clause
    closes the sentence after a comma or a closing quote."""
    subtree = {t.i for t in tok.subtree}
    after = [t for t in sent if t.i >= first_speaker.i and not t.is_punct and not t.is_space]
    if any(t.i not in subtree for t in after):
        return None
    before = [t for t in sent if t.i < first_speaker.i]
    if not before or not (
        before[-1].text == "," or before[-1].text in QUOTE_CHARS or before[-1].text == "''"
    ):
        return None
    return before


def _denied_object(tok: Any) -> list[Any] | None:
    """ "denied the claims", "denies claims that it is working for Khartoum": the object of
    a denial is its content (not "denied him entry", not "denied it")."""
    if tok.lemma_.lower() not in NP_DENY_VERBS or any(ch.dep_ in ("dative", "iobj") for ch in tok.children):
        return None
    objs = [ch for ch in tok.children if ch.dep_ == "dobj" and ch.i > tok.i]
    if len(objs) != 1 or objs[0].pos_ == "PRON":
        return None
    content = list(objs[0].subtree)
    return None if content[0].tag_ == "PRP" else content  # "denied him bail": two objects


def _content_tokens(tok: Any, head: Any, sent: Any) -> list[Any] | None:
    lemma = tok.lemma_.lower()
    if lemma in ("accuse", "charge"):
        objs = [ch for ch in tok.children if ch.dep_ == "dobj"]
        # The parser may hang "of"/"with" on the object ("charges X with concealing ...").
        preps = [
            ch
            for h in [tok, *objs]
            for ch in h.children
            if ch.dep_ == "prep" and ch.lower_ in ("of", "with") and ch.i > tok.i
        ]
        if objs and preps:
            return [t for t in sent if objs[0].left_edge.i <= t.i <= preps[0].right_edge.i]
        return None
    if not any(ch.dep_ == "ccomp" and ch.i > tok.i for ch in tok.children):
        denied = _denied_object(tok)
        if denied is not None:
            return denied
    verbs = [tok] + [
        g
        for ch in tok.children
        if ch.dep_ == "prep" and ch.lower_ == "as"
        for g in ch.children
        if g.dep_ == "pcomp"
    ]
    for verb in verbs:
        # "denied him bail" misparsed as a clause: an object-case subject is no clause.
        comps = [
            ch
            for ch in verb.children
            if ch.dep_ == "ccomp"
            and not any(g.dep_ == "nsubj" and g.lower_ in _OBJECT_CASE for g in ch.children)
        ]
        if comps:
            comp = comps[0]
            speaker_left = min(t.i for t in head.subtree)
            if comp.i > tok.i:
                return [t for t in comp.subtree if t.i > tok.i]
            return [t for t in comp.subtree if t.i < speaker_left]
    if head.i < tok.i:
        return _trailing_content(tok, head.left_edge, sent)
    return None


def verb_claim(
    tok: Any, offset: int, sent_start: int, text: str, regions: list[tuple[int, int]]
) -> Found | None:
    """The claim introduced by the reporting verb ``tok``, or ``None``."""
    t0 = offset + tok.idx
    if inside(regions, t0, t0 + len(tok.text)) or any(ch.dep_ == "neg" for ch in tok.children):
        return None
    if any(ch.dep_ == "aux" and ch.lower_ in _NOT_YET for ch in tok.children):
        return None  # "fans will agree that ...", "he may argue": nothing has been said yet
    passive = [ch for ch in tok.children if ch.dep_ == "nsubjpass"]
    if tok.lemma_.lower() == "quote":
        head = passive[0] if passive else None
    else:
        head = None if passive else _speaker(tok)
    if head is None or inside(regions, offset + head.idx, offset + head.idx + 1):
        return None
    pronoun = head.lower_ if head.lower_ in PRONOUNS else None
    if pronoun is None and not is_plausible(head):
        return None
    content = _content_tokens(tok, head, tok.sent)
    if not content:
        return None
    c0, c1 = _span(sorted(content, key=lambda t: t.i), offset)
    c0, c1 = _extend_to_quote(c0, c1, regions)
    c0, c1 = _trim(text, c0, c1)
    if c1 - c0 < 2:
        return None
    if tok.lemma_.lower() in QUOTE_ONLY_VERBS and not _is_direct(text, c0, c1, regions):
        return None
    s0, s1 = _span(speaker_tokens(head), offset)
    cue0 = min(
        [tok] + [a for a in tok.children if a.dep_ in ("aux", "auxpass") and a.i < tok.i], key=lambda t: t.i
    )
    cue_end = max(
        [tok] + [g for ch in tok.children if ch.dep_ == "prep" and ch.lower_ == "as" for g in ch.subtree],
        key=lambda t: t.i,
    )
    gov = _governor(tok) if pronoun else None
    return Found(
        speaker_start=s0,
        speaker_end=s1,
        speaker_kind=kind_of(head),
        cue_spans=((offset + cue0.idx, offset + cue_end.idx + len(cue_end.text)),),
        content_start=c0,
        content_end=c1,
        direct=_is_direct(text, c0, c1, regions),
        channel=_channel(tok, offset),
        mention=(s0, s1),
        pronoun=pronoun,
        governor=gov,
        governor_span=_span(speaker_tokens(gov), offset) if gov is not None else None,
    )


def according_claims(sent: Any, offset: int, sent_start: int, sent_end: int, text: str) -> list[Found]:
    """ "According to X, CONTENT." and "CONTENT, according to X." (not mid-sentence)."""
    out: list[Found] = []
    words = [t for t in sent if not t.is_punct and not t.is_space]
    for tok in sent:
        if tok.lower_ != "according" or tok.i + 1 >= sent.end or tok.nbor(1).lower_ != "to":
            continue
        objs = [g for g in tok.nbor(1).children if g.dep_ == "pobj"] or [
            g for g in tok.children if g.dep_ == "pobj"
        ]
        if not objs or not is_plausible(objs[0]):
            continue
        phrase = sorted(tok.subtree, key=lambda t: t.i)
        if phrase[0].i == words[0].i or _only_adverbial_before(sent, phrase[0]):
            c0, c1 = offset + phrase[-1].idx + len(phrase[-1].text), sent_end
        elif phrase[-1].i == words[-1].i:
            c0, c1 = sent_start, offset + phrase[0].idx
        else:
            continue
        c0, c1 = _trim(text, c0, c1)
        s0, s1 = _span(speaker_tokens(objs[0]), offset)
        a0 = offset + tok.idx
        out.append(
            Found(
                s0,
                s1,
                kind_of(objs[0]),
                ((a0, a0 + len("according to")),),
                c0,
                c1,
                direct=False,
                mention=(s0, s1),
            )
        )
    return out


def _only_adverbial_before(sent: Any, first: Any) -> bool:
    """ "In the meantime, according to X, CONTENT": only an opening adverbial (no verb, no
    subject) and a comma stand before the phrase."""
    before = [t for t in sent if t.i < first.i and not t.is_space]
    return (
        bool(before)
        and before[-1].text == ","
        and not any(t.pos_ in ("VERB", "AUX") or t.dep_ in ("nsubj", "nsubjpass", "expl") for t in before)
    )


def _extend_to_quote(c0: int, c1: int, regions: list[tuple[int, int]]) -> tuple[int, int]:
    """A quotation that runs over sentence ends belongs to the content as a whole."""
    for q0, q1 in regions:
        if q0 < c0 <= q1 and q1 <= c1 + 3:
            c0 = q0
        if q0 <= c1 < q1 and q0 + 3 >= c0:
            c1 = q1
    return c0, c1


def _trim(text: str, c0: int, c1: int) -> tuple[int, int]:
    m = _DATELINE.match(text, c0, c1)
    if m is not None and m.end() < c1:
        c0 = m.end()
    if text[c0:c1].lower().startswith("that "):
        c0 += 5
    while c0 < c1 and (text[c0].isspace() or text[c0] in QUOTE_CHARS + ",:;-"):
        c0 += 1
    while c1 > c0 and (text[c1 - 1].isspace() or text[c1 - 1] in QUOTE_CHARS + ",:;.-"):
        c1 -= 1
    if sum(text.count(q, c0, c1) for q in '"“”') % 2 and c1 < len(text) and text[c1] in '"”':
        c1 += 1  # keep the closing mark of a quotation that opened inside the content
    return c0, c1


def _is_direct(text: str, c0: int, c1: int, regions: list[tuple[int, int]]) -> bool:
    region = inside(regions, c0, c1)
    return region is not None and not any(ch in QUOTE_CHARS for ch in text[c0:c1].replace("'s", ""))
