"""Speakers: the span of a speaker mention in a parse, its kind, and matching two mentions.

The parse helpers take spaCy tokens (typed ``Any`` so that this module imports without
spaCy); the matching helpers are pure string functions.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from newstrace.claims.cues import ORG_NOUNS, PERSON_NOUNS, SPEAKER_NOUNS, word_list
from newstrace.normalize import STOPWORDS, Normalizer

__all__ = [
    "PRONOUNS",
    "is_plausible",
    "kind_of",
    "mentions",
    "same_speaker",
    "speaker_key",
    "speaker_tokens",
]

PRONOUNS = {"he": "person", "she": "person", "it": "other", "they": "group"}
_NOT_SPEAKERS = frozenset(word_list("this that which what who whom there one these those it they i we you"))
_KEEP_LEFT = frozenset(word_list("det amod compound poss nummod nmod quantmod case npadvmod advmod punct"))
_AGENT = ("er", "or", "ist", "ian", "ant", "ent")
_SPELLING = {"defense": "defence", "defens": "defenc"}


def speaker_tokens(head: Any) -> list[Any]:
    """The tokens of the speaker phrase headed by ``head``: its left modifiers, the head,
    coordinated speakers and "of" phrases; appositions and relative clauses are cut."""
    keep = [head]
    for child in head.lefts:
        if child.dep_ in _KEEP_LEFT:
            keep.extend(child.subtree)
    for child in head.rights:
        if child.dep_ in ("cc", "conj", "compound", "flat") or (
            child.dep_ == "prep" and child.lower_ == "of"
        ):
            keep.extend(child.subtree)
        elif child.dep_ in ("appos", "relcl", "acl", "punct"):
            break
    toks = sorted(set(keep), key=lambda t: t.i)
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ == "case"):
        toks.pop()
    first, last = (toks[0].i, toks[-1].i) if toks else (head.i, head.i)
    return [t for t in head.doc[first : last + 1]]


def is_plausible(head: Any) -> bool:
    """A name, or a common noun for people, organisations, media or documents ("the
    ministry", "a friend", "the report"); not "this", "which", "the flags"."""
    if head.lower_ in _NOT_SPEAKERS:
        return False
    if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    lemma = head.lemma_.lower()
    # Agent nouns ("teacher", "economist", "historian", "consultant") name people.
    return head.pos_ == "NOUN" and (lemma in SPEAKER_NOUNS or (len(lemma) > 5 and lemma.endswith(_AGENT)))


def kind_of(head: Any) -> str:
    """``"person"``, ``"group"`` (plural), ``"other"`` (organisations, places, documents)
    or ``"any"``."""
    lower = head.lower_
    if lower in PRONOUNS:
        return PRONOUNS[lower]
    if head.tag_ in ("NNS", "NNPS") or any(ch.dep_ == "conj" for ch in head.children):
        return "group"
    if head.ent_type_ == "PERSON" or head.lemma_.lower() in PERSON_NOUNS:
        return "person"
    if head.ent_type_ in ("ORG", "GPE", "NORP") or head.lemma_.lower() in ORG_NOUNS:
        return "other"
    return "any"


def agrees(pronoun_kind: str, antecedent_kind: str) -> bool:
    """Whether a pronoun of one kind can refer to a speaker of another ("they" may stand for
    an organisation, "it" never for a person or a plural)."""
    if pronoun_kind == "group":
        return antecedent_kind in ("group", "other")
    return antecedent_kind in (pronoun_kind, "any")


@lru_cache(maxsize=1)
def _normalizer() -> Normalizer:
    from newstrace.normalize import NormalizeConfig

    return Normalizer(NormalizeConfig(aliases=False))


def _words(text: str) -> list[str]:
    form = _normalizer().form
    out = []
    for word in re.findall(r"[^\W_]+", text):
        if word.casefold() in STOPWORDS or word.casefold() == "s":
            continue
        stem = form(word)
        out.append(_SPELLING.get(stem, stem))
    return out


def speaker_key(text: str) -> tuple[str, ...]:
    """Content-word stems of a speaker mention, head last: ``("russian", "defenc", "ministri")``."""
    return tuple(_words(text))


def _same_word(a: str, b: str) -> bool:
    # "russia" ~ "russian", "turkey" ~ "turkish" stay apart below 5 shared letters.
    return a == b or (min(len(a), len(b)) >= 5 and a[:5] == b[:5])


def _acronym(word: str, key: tuple[str, ...], raw: str) -> bool:
    caps = [w[0].lower() for w in re.findall(r"[^\W_]+", raw) if w[0].isupper()]
    return len(word) >= 2 and word == "".join(caps) and len(caps) == len(word)


def same_speaker(a: str, b: str) -> bool:
    """Whether two mentions name the same speaker: same head word and compatible modifiers
    ("the ministry" ~ "Russia's Defense Ministry"), or one is the other's acronym ("CIT")."""
    ka, kb = speaker_key(a), speaker_key(b)
    if not ka or not kb:
        return False
    if (len(ka) == 1 and _acronym(ka[0], kb, b)) or (len(kb) == 1 and _acronym(kb[0], ka, a)):
        return True
    if not _same_word(ka[-1], kb[-1]):
        return False
    small, large = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    return all(any(_same_word(w, v) for v in large[:-1]) for w in small[:-1])


def mentions(text: str, speaker: str) -> bool:
    """Whether ``text`` names ``speaker``: its acronym, or its head word with modifiers that
    do not contradict the speaker's ("the ministry" and "the Russian defence ministry" name
    the Russian defence ministry; "the Iraqi defence ministry" does not)."""
    key = speaker_key(speaker)
    if not key:
        return False
    raw = re.findall(r"[^\W_]+", text)
    form = _normalizer().form
    stems = [_SPELLING.get(form(w), form(w)) for w in raw]
    if len(key) > 1 and "".join(k[0] for k in key) in stems:
        return True
    for i, stem in enumerate(stems):
        if not _same_word(stem, key[-1]):
            continue
        j = i - 1
        while j >= 0 and raw[j].casefold() not in STOPWORDS and raw[j].casefold() != "s":
            j -= 1
        if all(any(_same_word(stems[m], k) for k in key[:-1]) for m in range(j + 1, i)):
            return True
    return False
