"""Real articles for the synthetic benchmark: ECB+ documents and plain-text extras.

Each document keeps its sentence spans, so passages are cut at sentence boundaries, and its
word n-grams, so pairs that share text by accident (ECB+ holds real wire reprints) are caught.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newstrace.evaluate.synth.detokenise import detokenise

__all__ = [
    "Doc",
    "load_ecbplus",
    "load_text_doc",
    "pick_passage",
    "shares_run",
    "split_sentences",
    "word_ngrams",
]

_WORD = re.compile(r"\w+")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’')]*\s+(?=[\"“‘(]?[A-Z0-9])")
_PROSE_END = tuple(".!?\"”’')")
_PROSE_MIN_WORDS = 6


@dataclass(frozen=True, slots=True)
class Doc:
    """An article usable as a source, a host or a negative.

    Attributes:
        id: the corpus id (ECB+ ``doc_id`` or the file name).
        topic, subtopic: ECB+ topic and gold event cluster; reuse is only assumed absent
            between different subtopics.
        text: the (detokenised) article text, written out unchanged as a source document.
        sentences: half-open character spans of the sentences in ``text``.
    """

    id: str
    topic: str
    subtopic: str
    text: str
    sentences: tuple[tuple[int, int], ...]

    def sentence(self, i: int) -> str:
        """The text of sentence ``i``."""
        start, end = self.sentences[i]
        return self.text[start:end]

    def words(self, i: int) -> int:
        """Whitespace-separated words of sentence ``i``."""
        return len(self.sentence(i).split())

    def is_prose(self, i: int) -> bool:
        """Whether sentence ``i`` reads as running text (not a headline, dateline or URL)."""
        text = self.sentence(i)
        return len(text.split()) >= _PROSE_MIN_WORDS and text.endswith(_PROSE_END)


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + line.index(stripped)
            spans.append((start, start + len(stripped)))
        position += len(line) + 1
    return spans


def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans of plain text: lines, split after ``. ! ?`` before a capital or digit."""
    spans = []
    for start, end in _line_spans(text):
        position = start
        for match in _SENTENCE_BREAK.finditer(text, start, end):
            spans.append((position, match.start()))
            position = match.end()
        spans.append((position, end))
    return tuple(spans)


def load_ecbplus(path: Path) -> list[Doc]:
    """Read ``ecbplus_docs.jsonl``: detokenised text, one sentence a line as in the corpus."""
    docs = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            text = detokenise(record["text"])
            spans = tuple(_line_spans(text))
            docs.append(Doc(record["doc_id"], str(record["topic"]), record["subtopic"], text, spans))
    return docs


def load_text_doc(path: Path, topic: str = "extra") -> Doc:
    """Read a plain-text article (UTF-8); it gets topic and subtopic ``topic``."""
    text = Path(path).read_bytes().decode("utf-8")
    return Doc(Path(path).name, topic, topic, text, split_sentences(text))


def word_ngrams(text: str, n: int) -> frozenset[tuple[str, ...]]:
    """The set of case-folded word n-grams of ``text``."""
    words = [w.casefold() for w in _WORD.findall(text)]
    return frozenset(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def shares_run(a: str, b: str, n: int) -> bool:
    """Whether ``a`` and ``b`` share a run of ``n`` identical consecutive words (case-folded)."""
    return not word_ngrams(a, n).isdisjoint(word_ngrams(b, n))


def pick_passage(
    doc: Doc,
    rng: random.Random,
    min_words: int,
    max_words: int,
    accept: Callable[[int, int], bool] | None = None,
) -> tuple[int, int] | None:
    """A random run of consecutive prose sentences ``[i, j)`` of ``min_words..max_words`` words.

    ``accept(i, j)`` may reject runs (for instance those without a name alias). Returns
    ``None`` when the document has no acceptable run.
    """
    runs = []
    for i in range(len(doc.sentences)):
        total = 0
        for j in range(i, len(doc.sentences)):
            if not doc.is_prose(j):
                break
            total += doc.words(j)
            if total > max_words:
                break
            if total >= min_words and (accept is None or accept(i, j + 1)):
                runs.append((i, j + 1))
    return rng.choice(runs) if runs else None
