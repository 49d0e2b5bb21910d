"""Name aliases (US / USA / United States) matched as whole-token phrases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from newstrace.normalize.tokens import tokenize

__all__ = ["AliasTable", "load_aliases"]


@dataclass(frozen=True, slots=True)
class _Phrase:
    words: tuple[str, ...]  # case-folded, or exact for acronyms
    canonical: str
    exact_case: bool


class AliasTable:
    """Finds alias phrases in a token list, longest match first.

    Example:
        >>> table = AliasTable({"us": ["US", "United States"]})
        >>> table.find(["the", "United", "States", "and", "us"])
        [(1, 3, 'us')]
    """

    def __init__(self, classes: dict[str, Sequence[str]]) -> None:
        self._by_first: dict[str, list[_Phrase]] = {}
        self.max_words = 1
        for canonical, aliases in classes.items():
            for alias in aliases:
                exact = alias.startswith("=") or not any(ch.islower() for ch in alias)
                words = tokenize(alias.removeprefix("="))[0]
                if not words:
                    continue
                key = tuple(words) if exact else tuple(w.casefold() for w in words)
                phrase = _Phrase(key, canonical, exact)
                self._by_first.setdefault(key[0].casefold(), []).append(phrase)
                self.max_words = max(self.max_words, len(key))
        for phrases in self._by_first.values():
            phrases.sort(key=lambda p: -len(p.words))

    @property
    def canonicals(self) -> frozenset[str]:
        """Every canonical name in the table."""
        return frozenset(p.canonical for ps in self._by_first.values() for p in ps)

    def find(self, words: Sequence[str]) -> list[tuple[int, int, str]]:
        """Return non-overlapping ``(first, end, canonical)`` token ranges, left to right."""
        folded = [w.casefold() for w in words]
        found: list[tuple[int, int, str]] = []
        i, n = 0, len(words)
        while i < n:
            match = self._match_at(words, folded, i) if folded[i] in self._by_first else None
            if match is None:
                i += 1
                continue
            found.append(match)
            i = match[1]
        return found

    def _match_at(
        self, words: Sequence[str], folded: Sequence[str], i: int
    ) -> tuple[int, int, str] | None:
        for phrase in self._by_first[folded[i]]:
            end = i + len(phrase.words)
            if end > len(words):
                continue
            window = words[i:end] if phrase.exact_case else folded[i:end]
            if tuple(window) == phrase.words:
                return (i, end, phrase.canonical)
        return None


def _parse(lines: Sequence[str]) -> dict[str, list[str]]:
    classes: dict[str, list[str]] = {}
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        canonical, _, aliases = line.partition("\t")
        classes.setdefault(canonical.strip(), []).extend(
            a.strip() for a in aliases.split("|") if a.strip()
        )
    return classes


def load_aliases() -> AliasTable:
    """Load the bundled alias table (``normalize/data/aliases.tsv``)."""
    text = resources.files("newstrace.normalize").joinpath("data/aliases.tsv").read_text("utf-8")
    return AliasTable(_parse(text.splitlines()))
