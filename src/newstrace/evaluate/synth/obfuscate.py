"""Structural obfuscation of a copied passage and its placement inside host text."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["FILLER_WORDS", "Reordered", "assemble", "reorder"]

FILLER_WORDS = ("also", "reportedly", "meanwhile", "indeed", "apparently", "notably", "still")
"""Words a rewriter slips into copied sentences."""


@dataclass(frozen=True, slots=True)
class Reordered:
    """A passage with shuffled sentences and small edits.

    Attributes:
        text: the obfuscated passage (sentences joined by single spaces).
        order: the source sentence index at each position (own sentences are ``-1``).
        inserted_sentences: own sentences added inside the passage.
        inserted_words: filler words added inside copied sentences.
        deleted_words: words removed from copied sentences.
    """

    text: str
    order: tuple[int, ...]
    inserted_sentences: int
    inserted_words: int
    deleted_words: int


def _shuffled(count: int, rng: random.Random) -> list[int]:
    order = list(range(count))
    rng.shuffle(order)
    if count > 1 and order == sorted(order):
        order = order[1:] + order[:1]  # a shuffle that changed nothing is no reordering
    return order


def _edit_words(words: list[str], rng: random.Random, deletions: int, insertions: int) -> list[int]:
    """Delete then insert words inside a sentence's word list (never the first or the last)."""
    done = [0, 0]
    for _ in range(deletions):
        if len(words) > 4:
            del words[rng.randrange(1, len(words) - 1)]
            done[0] += 1
    for _ in range(insertions):
        if len(words) > 2:
            words.insert(rng.randrange(1, len(words) - 1), rng.choice(FILLER_WORDS))
            done[1] += 1
    return done


def reorder(
    sentences: Sequence[str], own: Sequence[str], rng: random.Random, word_edits: int = 3
) -> Reordered:
    """Shuffle ``sentences``, insert the ``own`` sentences inside, and edit a few words.

    ``word_edits`` words are deleted and as many filler words inserted, each in a randomly
    chosen copied sentence. Own sentences never open or close the passage, so the copied
    material bounds it on both sides.

    Example:
        >>> r = reorder(["A b c d e.", "F g h i j.", "K l m n o."], [], random.Random(0), 0)
        >>> r.order != (0, 1, 2)
        True
    """
    order = _shuffled(len(sentences), rng)
    words = [sentences[i].split(" ") for i in order]
    deleted = inserted = 0
    for _ in range(word_edits):
        d, i = _edit_words(words[rng.randrange(len(words))], rng, 1, 1)
        deleted, inserted = deleted + d, inserted + i
    texts = [" ".join(w) for w in words]
    positions = list(order)
    for sentence in own:
        at = rng.randrange(1, len(texts)) if len(texts) > 1 else len(texts)
        texts.insert(at, sentence)
        positions.insert(at, -1)
    return Reordered(" ".join(texts), tuple(positions), len(own), inserted, deleted)


def assemble(
    host: Sequence[str], inserts: Sequence[str], rng: random.Random
) -> tuple[str, list[tuple[int, int]]]:
    """Place ``inserts`` (in their order) between sentences of ``host``, one line each.

    Returns the text and the half-open span of each insert in it.

    Example:
        >>> text, spans = assemble(["Host one.", "Host two."], ["Copied."], random.Random(0))
        >>> [text[s:e] for s, e in spans]
        ['Copied.']
    """
    slots = len(host) + 1
    if len(inserts) <= slots:
        points = sorted(rng.sample(range(slots), len(inserts)))
    else:
        points = sorted(rng.randrange(slots) for _ in inserts)
    lines: list[str] = []
    spans: list[tuple[int, int]] = []
    pending = list(zip(points, inserts, strict=True))
    position = 0
    for index in range(slots):
        while pending and pending[0][0] == index:
            text = pending.pop(0)[1]
            spans.append((position, position + len(text)))
            lines.append(text)
            position += len(text) + 1
        if index < len(host):
            lines.append(host[index])
            position += len(host[index]) + 1
    return "\n".join(lines), spans
