"""Article spinning as content farms do it: swapping name aliases and synonyms.

- :func:`spin_aliases` replaces every name alias (``US`` -> ``USA``, ``Russia`` -> ``Russian
  Federation``) by another alias of its class, from the alias table of ``newstrace.normalize``.
- :func:`spin_synonyms` replaces a given share of the content words by WordNet synonyms,
  keeping inflection (regular forms only) and capitalisation.

Both are pure: text and an explicit ``random.Random`` in, a :class:`SpinResult` out.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from newstrace.evaluate.synth.wordnet import Analysis, WordNet

__all__ = [
    "STOPWORDS",
    "AliasTable",
    "SpinResult",
    "content_words",
    "spin_aliases",
    "spin_synonyms",
]

STOPWORDS = frozenset(
    " ".join(
        (
            "a about above after again against all also am an and any are as at be because",
            "been before being below between both but by can could did do does doing down dr",
            "during each either else etc ever few for from further had has have having he her",
            "here hers herself him himself his how however i if in into is it its itself just",
            "least less let like may me might more most mr mrs ms much must my myself neither",
            "no nor not now of off on once one only or other ought our ours ourselves out",
            "over own per quite rather same several shall she should since so some st such",
            "than that the their theirs them themselves then there these they this those",
            "though through thus to too two under until up upon us very via was we were what",
            "whatever when where whether which while who whom whose why will with within",
            "without would yes yet you your yours yourself yourselves",
        )
    ).split()
)
"""Function words never spun (content words are the other words WordNet knows)."""

_WORD = re.compile(r"(?<![\w'’\-])[A-Za-z]+(?![\w'’\-])")
_CVC_END = re.compile(r"[^aeiou][aeiou][^aeiouwxy]$")
_SENTENCE_END = ".!?\n:"
_OPENERS = " \t\"“‘'(["


@dataclass(frozen=True, slots=True)
class SpinResult:
    """A spun text and what was changed.

    Attributes:
        text: the spun text.
        replaced: words (or alias occurrences) replaced.
        eligible: content words (or alias occurrences) that could be chosen.
        substitutions: ``(original, replacement)`` in text order.
    """

    text: str
    replaced: int
    eligible: int
    substitutions: tuple[tuple[str, str], ...]

    @property
    def share(self) -> float:
        """Replaced share of the eligible words (0 when nothing was eligible)."""
        return self.replaced / self.eligible if self.eligible else 0.0


def _splice(text: str, edits: Sequence[tuple[int, int, str]]) -> str:
    out, position = [], 0
    for start, end, replacement in sorted(edits):
        out += [text[position:start], replacement]
        position = end
    return "".join(out) + text[position:]


class AliasTable:
    """Classes of interchangeable names (``canonical<TAB>alias|alias|...`` lines).

    Matching is on whole tokens and case-sensitive, except that a leading ``the`` may be
    capitalised: the generator prefers missing a spin to spinning "turkey" into "Türkiye".
    """

    def __init__(self, classes: Sequence[Sequence[str]]) -> None:
        self.classes = tuple(tuple(c) for c in classes if len(c) >= 2)
        self._class_of = {alias: i for i, c in enumerate(self.classes) for alias in c}
        aliases = sorted(self._class_of, key=len, reverse=True)
        pattern = "|".join(_alias_pattern(alias) for alias in aliases)
        self._pattern = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")

    @classmethod
    def load(cls, path: Path | None = None) -> AliasTable:
        """Read a table file; by default ``newstrace/normalize/data/aliases.tsv``."""
        if path is None:
            source = resources.files("newstrace.normalize").joinpath("data/aliases.tsv")
            text = source.read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        rows = [line.split("\t", 1) for line in text.splitlines() if line and line[0] != "#"]
        return cls([row[1].split("|") for row in rows if len(row) == 2])

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """``(start, end, class index)`` of every alias occurrence, left to right."""
        found = []
        for match in self._pattern.finditer(text):
            alias = match.group()
            key = alias if alias in self._class_of else "t" + alias[1:]
            found.append((match.start(), match.end(), self._class_of[key]))
        return found


def _alias_pattern(alias: str) -> str:
    if alias.startswith("the "):
        return "[Tt]" + re.escape(alias[1:])
    return re.escape(alias)


def _fit_alias(text: str, start: int, end: int, replacement: str) -> str:
    """Adjust case and the final full stop of an alias replacement to its context."""
    original = text[start:end]
    if original[0].isupper():
        replacement = replacement[0].upper() + replacement[1:]
    following = text[end : end + 2]
    if original.endswith(".") and not replacement.endswith(".") and following[:1] in ("", "\n"):
        replacement += "."  # "by the U.S." at the end of a sentence keeps its full stop
    elif replacement.endswith(".") and following[:1] == ".":
        replacement = replacement[:-1]
    return replacement


def spin_aliases(text: str, table: AliasTable, rng: random.Random) -> SpinResult:
    """Replace every alias occurrence by another alias of its class, chosen with ``rng``.

    Example:
        >>> table = AliasTable([["US", "USA"], ["Russia", "Russian Federation"]])
        >>> spin_aliases("Russia and the US.", table, random.Random(1)).text
        'Russian Federation and the USA.'
    """
    edits, substitutions = [], []
    for start, end, index in table.find(text):
        original = text[start:end]
        choices = [a for a in table.classes[index] if a.lower() != original.lower()]
        replacement = _fit_alias(text, start, end, rng.choice(choices))
        edits.append((start, end, replacement))
        substitutions.append((original, replacement))
    count = len(edits)
    return SpinResult(_splice(text, edits), count, count, tuple(substitutions))


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _is_common(wordnet: WordNet, analysis: Analysis) -> bool:
    """Whether the lemma is a common word in some sense (proper nouns are capitalised)."""
    return any(
        analysis.lemma.replace("_", " ") in words for words in wordnet.senses(analysis.lemma, analysis.pos)
    )


def _reading(wordnet: WordNet, text: str, start: int, end: int) -> Analysis | None:
    """The most frequent common-word reading of a content word, or ``None`` for other words."""
    word = text[start:end]
    lower = word.lower()
    if lower in STOPWORDS or len(word) < 3 or (len(word) > 1 and word.isupper()):
        return None
    if word[0].isupper() and not _sentence_initial(text, start):
        return None  # a name in mid-sentence
    readings = [a for a in wordnet.analyse(lower) if _is_common(wordnet, a)]
    return max(readings, key=lambda a: a.frequency, default=None)


def content_words(text: str, wordnet: WordNet) -> list[tuple[int, int, Analysis]]:
    """Spans of the content words of ``text`` with their chosen reading.

    A content word is a token of letters that is not a stop word, not a name (capitalised in
    mid-sentence, or only a proper noun in WordNet) and that WordNet lists as a noun, verb,
    adjective or adverb (directly, by a regular inflection, or through an exception list).
    """
    found = []
    for match in _WORD.finditer(text):
        reading = _reading(wordnet, text, match.start(), match.end())
        if reading is not None:
            found.append((match.start(), match.end(), reading))
    return found


def _form(reading: Analysis, surface: str) -> str | None:
    """The inflection to give a synonym: base, plural, 3sg, past or ing (``None``: skip)."""
    if not reading.suffix and not reading.irregular:
        return "base"
    if reading.pos == "n":
        return "plural"
    if reading.pos != "v":
        return None  # comparatives and superlatives are left alone
    if surface.endswith("ing"):
        return "ing"
    if reading.suffix in ("s", "es", "ies") or (reading.irregular and surface.endswith("s")):
        return "3sg"
    return "past"


def _inflect(lemma: str, form: str) -> str | None:
    if form == "base":
        return lemma
    if form in ("plural", "3sg"):
        if form == "plural" and lemma.endswith("man"):
            return lemma[:-3] + "men"
        if lemma.endswith(("s", "x", "z", "ch", "sh")):
            return lemma + "es"
        return lemma[:-1] + "ies" if re.search(r"[^aeiou]y$", lemma) else lemma + "s"
    if _CVC_END.search(lemma):
        return None  # doubling ("stop" -> "stopped") depends on stress; skip such synonyms
    if form == "past":
        if lemma.endswith("e"):
            return lemma + "d"
        return lemma[:-1] + "ied" if re.search(r"[^aeiou]y$", lemma) else lemma + "ed"
    if lemma.endswith("ie"):
        return lemma[:-2] + "ying"
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        return lemma[:-1] + "ing"
    return lemma + "ing"


def _candidates(wordnet: WordNet, reading: Analysis, form: str, words: Sequence[str]) -> list[str]:
    surface_lemma = reading.lemma.replace("_", " ")
    found = []
    for word in words:
        if word == surface_lemma or word != word.lower() or not word.replace(" ", "").isalpha():
            continue
        if form != "base" and (" " in word or wordnet.is_irregular(word, reading.pos)):
            continue
        inflected = _inflect(word, form)
        if inflected is not None:
            found.append(inflected)
    return found


def _synonym(wordnet: WordNet, reading: Analysis, surface: str, rng: random.Random) -> str | None:
    """A synonym of ``surface`` in the same inflection, single words preferred, or ``None``."""
    form = _form(reading, surface)
    if form is None:
        return None
    senses = wordnet.senses(reading.lemma, reading.pos)[:3]
    pools = [_candidates(wordnet, reading, form, words) for words in senses]
    for allow_phrases in (False, True):
        for pool in pools:
            usable = [w for w in pool if allow_phrases or " " not in w]
            usable = [w for w in usable if w != surface.lower()]
            if usable:
                choice = rng.choice(usable)
                return choice[0].upper() + choice[1:] if surface[0].isupper() else choice
    return None


def spin_synonyms(text: str, share: float, wordnet: WordNet, rng: random.Random) -> SpinResult:
    """Replace ``share`` of the content words of ``text`` by WordNet synonyms.

    Words are tried in an order shuffled with ``rng``; a word without a usable synonym is
    passed over and another one tried, so the achieved share (``SpinResult.share``) falls short
    of ``share`` only when the text runs out of replaceable words.
    """
    if not 0 <= share <= 1:
        raise ValueError(f"share must lie in [0, 1], got {share}")
    words = content_words(text, wordnet)
    target = math.floor(share * len(words) + 0.5)
    order = list(range(len(words)))
    rng.shuffle(order)
    edits: list[tuple[int, int, str]] = []
    for i in order:
        if len(edits) >= target:
            break
        start, end, reading = words[i]
        replacement = _synonym(wordnet, reading, text[start:end], rng)
        if replacement is not None:
            edits.append((start, end, replacement))
    edits.sort()
    substitutions = tuple((text[s:e], r) for s, e, r in edits)
    return SpinResult(_splice(text, edits), len(edits), len(words), substitutions)
