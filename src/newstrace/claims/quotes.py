"""Quotation regions of a text: pure character scanning, no NLP."""

from __future__ import annotations

import re

__all__ = ["QUOTE_CHARS", "inside", "quote_regions"]

QUOTE_CHARS = "\"“”«»„`'"
# An opening mark and the marks that close it. Straight double quotes pair in order of
# appearance within a paragraph; `` '' is the Penn Treebank form of ECB+'s tokenized text.
_TOKEN_RE = re.compile(r"``|''|[\"“”«»„]")
_CLOSE = {"“": "”", "«": "»", "„": "“", "``": "''", '"': '"'}


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Half-open spans of quotations, quote marks included, that open and close inside one
    paragraph (a blank line or newline ends an unclosed quotation).

    Example:
        >>> quote_regions('He said "yes" and `` no . \\'\\'')
        [(8, 13), (18, 28)]
    """
    regions: list[tuple[int, int]] = []
    for para_start, para in _paragraphs(text):
        opener: tuple[int, str] | None = None
        for m in _TOKEN_RE.finditer(para):
            mark = m.group()
            if opener is None:
                if mark in _CLOSE:
                    opener = (m.start(), _CLOSE[mark])
            elif mark == opener[1] or (opener[1] == "”" and mark == '"'):
                regions.append((para_start + opener[0], para_start + m.end()))
                opener = None
    return regions


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    start = 0
    for m in re.finditer(r"\n", text):
        out.append((start, text[start : m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return out


def inside(regions: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The quotation that contains ``[start, end)``, or ``None``."""
    for q0, q1 in regions:
        if q0 <= start and end <= q1:
            return (q0, q1)
    return None
