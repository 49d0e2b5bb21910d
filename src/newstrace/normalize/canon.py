"""Canonical token sequences: what alignment and the candidate index compare.

A canonical token is a case-folded, accent-stripped, stemmed word, or a name alias class
("US", "U.S.", "USA" and "United States" all become ``@us``). Each canonical token keeps
the character span of the surface words it stands for, so matches are reported on the
original text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import xxhash

from newstrace.normalize.aliases import AliasTable, load_aliases
from newstrace.normalize.stopwords import STOPWORDS
from newstrace.normalize.tokens import tokenize

__all__ = ["NormalizeConfig", "Normalizer", "TokenSeq", "normalize"]

_CACHE_LIMIT = 500_000  # distinct surface words kept; about 100 MB at the limit


@dataclass(frozen=True, slots=True)
class NormalizeConfig:
    """How surface words become canonical forms.

    Attributes:
        aliases: map name aliases (US / USA / United States) to one class.
        stem: reduce words to their Snowball (Porter 2) English stem.
    """

    aliases: bool = True
    stem: bool = True


@dataclass(frozen=True, slots=True, eq=False)
class TokenSeq:
    """A text's canonical tokens.

    Attributes:
        text: the original text.
        starts, ends: character span of each canonical token in ``text``.
        ids: 64-bit hash of each canonical form (equal forms, equal ids).
        content: ``True`` where the token is not a function word.
    """

    text: str
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    ids: npt.NDArray[np.uint64]
    content: npt.NDArray[np.bool_] = field(repr=False)

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    def surface(self, first: int, end: int | None = None) -> str:
        """The original text of tokens ``first`` to ``end`` (exclusive; one token by default)."""
        last = first if end is None else end - 1
        return self.text[int(self.starts[first]) : int(self.ends[last])]


def _strip_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _hash(form: str) -> int:
    return int(xxhash.xxh3_64_intdigest(form.encode("utf-8")))


class Normalizer:
    """Turns texts into :class:`TokenSeq` (reusable; caches per distinct word)."""

    def __init__(self, config: NormalizeConfig | None = None) -> None:
        self.config = config or NormalizeConfig()
        self._aliases: AliasTable | None = load_aliases() if self.config.aliases else None
        self._stem = _make_stemmer() if self.config.stem else None
        self._cache: dict[str, tuple[int, bool]] = {}

    def form(self, word: str) -> str:
        """The canonical form of one surface word (no alias lookup)."""
        folded = _strip_accents(word.casefold())
        if "." in folded:
            folded = folded.replace(".", "")
        if self._stem is not None and folded.isalpha() and folded.isascii():
            return str(self._stem(folded))
        return folded

    def _learn(self, words: list[str]) -> None:
        """Cache every word of ``words`` (the cache is cleared first when they do not fit)."""
        missing = [w for w in dict.fromkeys(words) if w not in self._cache]
        if len(self._cache) + len(missing) > _CACHE_LIMIT:
            self._cache.clear()
            missing = list(dict.fromkeys(words))
        for word in missing:
            self._cache[word] = (_hash(self.form(word)), word.casefold() not in STOPWORDS)

    def normalize(self, text: str) -> TokenSeq:
        """Tokenize and canonicalize ``text``."""
        words, starts, ends = tokenize(text)
        cache = self._cache
        try:
            pairs = list(map(cache.__getitem__, words))
        except KeyError:
            self._learn(words)
            pairs = list(map(self._cache.__getitem__, words))
        if pairs:
            ids_list, content_list = zip(*pairs, strict=True)
        else:
            ids_list, content_list = (), ()
        ids = np.fromiter(ids_list, dtype=np.uint64, count=len(pairs))
        content = np.fromiter(content_list, dtype=np.bool_, count=len(pairs))
        if self._aliases is not None and words:
            phrases = self._aliases.find(words)
            if phrases:
                return _merge_phrases(text, starts, ends, ids, content, phrases)
        return TokenSeq(text, starts, ends, ids, content)


def _merge_phrases(
    text: str,
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
    ids: npt.NDArray[np.uint64],
    content: npt.NDArray[np.bool_],
    phrases: list[tuple[int, int, str]],
) -> TokenSeq:
    """Replace each alias phrase's tokens by one canonical token spanning them."""
    keep = np.ones(ids.shape[0], dtype=np.bool_)
    ends = ends.copy()
    ids = ids.copy()
    content = content.copy()
    for first, end, canonical in phrases:
        ids[first] = _hash("@" + canonical)
        content[first] = True
        ends[first] = ends[end - 1]
        keep[first + 1 : end] = False
    return TokenSeq(text, starts[keep], ends[keep], ids[keep], content[keep])


def _make_stemmer() -> Callable[[str], str]:
    import snowballstemmer

    stemmer = snowballstemmer.stemmer("english")
    return lru_cache(maxsize=_CACHE_LIMIT)(stemmer.stemWord)


@lru_cache(maxsize=1)
def _default() -> Normalizer:
    return Normalizer()


def normalize(text: str) -> TokenSeq:
    """Canonical tokens of ``text`` with the default configuration.

    Example:
        >>> a, b = normalize("the US said"), normalize("the USA said")
        >>> bool((a.ids == b.ids).all())
        True
    """
    return _default().normalize(text)
