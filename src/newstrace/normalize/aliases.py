"""Name aliases (US / USA / United States) matched as whole-token phrases."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources

from newstrace.normalize.tokens import tokenize

__all__ = ["AliasTable", "load_aliases"]


class AliasTable:
    """Finds alias phrases in a token list, longest match first.

    Example:
        >>> table = AliasTable({"us": ["US", "United States"]})
        >>> table.find(["the", "United", "States", "and", "us"])
        [(1, 3, 'us')]
    """

    def __init__(self, classes: Mapping[str, Sequence[str]]) -> None:
        # first word (case-folded) -> phrase lengths, longest first, and per length the
        # phrases by their words (case-folded, or exact for acronyms) -> canonical name
        self._lengths: dict[str, tuple[int, ...]] = {}
        self._folded: dict[int, dict[tuple[str, ...], str]] = {}
        self._exact: dict[int, dict[tuple[str, ...], str]] = {}
        self._canonicals: set[str] = set()
        self.max_words = 1
        lengths: dict[str, set[int]] = {}
        for canonical, aliases in classes.items():
            for alias in aliases:
                exact = alias.startswith("=") or not any(ch.islower() for ch in alias)
                words = tokenize(alias.removeprefix("="))[0]
                if not words:
                    continue
                key = tuple(words) if exact else tuple(w.casefold() for w in words)
                table = self._exact if exact else self._folded
                table.setdefault(len(key), {}).setdefault(key, canonical)
                lengths.setdefault(key[0].casefold(), set()).add(len(key))
                self._canonicals.add(canonical)
                self.max_words = max(self.max_words, len(key))
        self._lengths = {w: tuple(sorted(ls, reverse=True)) for w, ls in lengths.items()}

    @property
    def canonicals(self) -> frozenset[str]:
        """Every canonical name in the table."""
        return frozenset(self._canonicals)

    def find(self, words: Sequence[str]) -> list[tuple[int, int, str]]:
        """Return non-overlapping ``(first, end, canonical)`` token ranges, left to right."""
        lengths = self._lengths
        folded = list(map(str.casefold, words))
        found: list[tuple[int, int, str]] = []
        taken = 0  # tokens before this index belong to a phrase already found
        for i in [k for k, f in enumerate(folded) if f in lengths]:
            if i < taken:
                continue
            match = self._match_at(words, folded, i)
            if match is not None:
                found.append(match)
                taken = match[1]
        return found

    def _match_at(
        self, words: Sequence[str], folded: Sequence[str], i: int
    ) -> tuple[int, int, str] | None:
        for length in self._lengths[folded[i]]:
            end = i + length
            if end > len(words):
                continue
            canonical = self._folded.get(length, {}).get(tuple(folded[i:end]))
            if canonical is None:
                canonical = self._exact.get(length, {}).get(tuple(words[i:end]))
            if canonical is not None:
                return (i, end, canonical)
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
