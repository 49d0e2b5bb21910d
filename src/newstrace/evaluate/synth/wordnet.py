"""A small reader of the WordNet 3.0 database files (wndb(5WN)), for synonym lookup.

Reads ``index.{noun,verb,adj,adv}``, ``data.*`` and the ``*.exc`` exception lists as Debian's
``wordnet-base`` package installs them in ``/usr/share/wordnet``. Only what synonym spinning
needs is implemented: lemmatisation by WordNet's morphy rules and the synonyms of a lemma's
senses, most frequent sense first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = [
    "DEFAULT_WORDNET_DIR",
    "POS_NAMES",
    "Analysis",
    "Pos",
    "WordNet",
    "WordNetMissingError",
    "wordnet_available",
]

Pos = Literal["n", "v", "a", "r"]
POS_NAMES: dict[Pos, str] = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
DEFAULT_WORDNET_DIR = Path("/usr/share/wordnet")
_INSTALL_HINT = "wordnet-base not installed: apt-get install wordnet-base"

# WordNet's morphy detachment rules: (surface suffix, lemma suffix).
_RULES: dict[Pos, tuple[tuple[str, str], ...]] = {
    "n": (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
          ("men", "man"), ("ies", "y")),
    "v": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
          ("ing", "e"), ("ing", "")),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
}  # fmt: skip


class WordNetMissingError(FileNotFoundError):
    """The WordNet database files are not where they were looked for."""


@dataclass(frozen=True, slots=True)
class Analysis:
    """One reading of a surface word: its lemma, part of speech and how it was inflected.

    Attributes:
        lemma: the WordNet lemma (lower case, ``_`` between the words of a collocation).
        pos: ``n``, ``v``, ``a`` or ``r``.
        suffix: the surface suffix detached by a morphy rule (``"ed"``, ``"s"``), ``""`` for a
            base form.
        irregular: the form came from an exception list (``said`` -> ``say``).
        frequency: the lemma's tagged-sense count in this part of speech (SemCor frequency).
    """

    lemma: str
    pos: Pos
    suffix: str
    irregular: bool
    frequency: int


@dataclass(frozen=True, slots=True)
class _Entry:
    frequency: int
    offsets: tuple[int, ...]


def wordnet_available(directory: Path = DEFAULT_WORDNET_DIR) -> bool:
    """Whether the WordNet database files are present in ``directory``."""
    return all(
        (Path(directory) / f"{k}.{n}").is_file() for n in POS_NAMES.values() for k in ("index", "data")
    )


def _read_index(path: Path, pos: Pos) -> dict[str, _Entry]:
    """Parse ``index.<pos>``: ``lemma pos n p_cnt [ptr...] sense_cnt tagsense_cnt offset...``."""
    entries = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line or line.startswith(" "):
            continue  # licence header lines start with two spaces
        fields = line.split()
        pointer_count = int(fields[3])
        tagged = int(fields[5 + pointer_count])
        entries[fields[0]] = _Entry(tagged, tuple(int(f) for f in fields[6 + pointer_count :]))
    return entries


def _read_exceptions(path: Path) -> dict[str, tuple[str, ...]]:
    """Parse ``<pos>.exc``: ``inflected lemma [lemma...]`` per line."""
    if not path.is_file():
        return {}
    table = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        fields = line.split()
        if len(fields) >= 2:
            table[fields[0]] = tuple(fields[1:])
    return table


def _clean_word(word: str) -> str:
    """``ready_to_hand(p)`` -> ``ready to hand``: drop adjective markers, underscores to spaces."""
    if word.endswith(")") and "(" in word:
        word = word[: word.index("(")]
    return word.replace("_", " ")


class WordNet:
    """Lemmas, exception lists and synsets of one WordNet database folder.

    Example:
        >>> wn = WordNet()  # doctest: +SKIP
        >>> wn.synonyms("irrefutable", "a")  # doctest: +SKIP
        ('incontrovertible', 'positive')
    """

    def __init__(self, directory: Path = DEFAULT_WORDNET_DIR) -> None:
        directory = Path(directory)
        if not wordnet_available(directory):
            raise WordNetMissingError(f"no WordNet database in {directory} ({_INSTALL_HINT})")
        self._index = {pos: _read_index(directory / f"index.{name}", pos) for pos, name in POS_NAMES.items()}
        self._exceptions = {
            pos: _read_exceptions(directory / f"{name}.exc") for pos, name in POS_NAMES.items()
        }
        self._data = {pos: (directory / f"data.{name}").read_bytes() for pos, name in POS_NAMES.items()}
        self._irregular_lemmas = {
            pos: frozenset(lemma for lemmas in table.values() for lemma in lemmas)
            for pos, table in self._exceptions.items()
        }
        self._synsets: dict[tuple[Pos, int], tuple[str, ...]] = {}

    def analyse(self, word: str) -> list[Analysis]:
        """All readings of a lower-case surface word, by WordNet's morphy rules and exceptions."""
        found: dict[tuple[str, Pos], Analysis] = {}
        for pos in POS_NAMES:
            index = self._index[pos]
            candidates = [(word, "", False)]
            candidates += [(lemma, "", True) for lemma in self._exceptions[pos].get(word, ())]
            candidates += [
                (word[: -len(surface)] + base, surface, False)
                for surface, base in _RULES[pos]
                if word.endswith(surface) and len(word) > len(surface) + 1
            ]
            for lemma, suffix, irregular in candidates:
                entry = index.get(lemma)
                if entry is not None and (lemma, pos) not in found:
                    found[lemma, pos] = Analysis(lemma, pos, suffix, irregular, entry.frequency)
        return list(found.values())

    def is_irregular(self, lemma: str, pos: Pos) -> bool:
        """Whether ``lemma`` has irregular inflections in ``pos`` (it appears in the .exc list)."""
        return lemma in self._irregular_lemmas[pos]

    def _synset_words(self, pos: Pos, offset: int) -> tuple[str, ...]:
        """The words of the synset at byte ``offset`` of ``data.<pos>``."""
        key = (pos, offset)
        if key not in self._synsets:
            data = self._data[pos]
            line = data[offset : data.index(b"\n", offset)].decode("utf-8", errors="replace")
            fields = line.split()
            count = int(fields[3], 16)
            self._synsets[key] = tuple(_clean_word(fields[4 + 2 * i]) for i in range(count))
        return self._synsets[key]

    def senses(self, lemma: str, pos: Pos) -> list[tuple[str, ...]]:
        """The synsets (as word tuples) of ``lemma`` in ``pos``, most frequent sense first."""
        entry = self._index[pos].get(lemma.replace(" ", "_").lower())
        return [self._synset_words(pos, offset) for offset in entry.offsets] if entry else []

    def synonyms(self, lemma: str, pos: Pos, max_senses: int = 3) -> tuple[str, ...]:
        """Synonyms of ``lemma`` from its first ``max_senses`` senses, without the lemma itself.

        Words of the most frequent sense come first; duplicates are dropped.
        """
        seen: dict[str, None] = {}
        key = lemma.lower().replace("_", " ")
        for words in self.senses(lemma, pos)[:max_senses]:
            for word in words:
                if word.lower() != key:
                    seen.setdefault(word, None)
        return tuple(seen)
