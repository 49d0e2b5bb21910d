"""Turn ECB+'s space-tokenised text back into ordinary prose.

ECB+ stores one sentence a line with Penn-Treebank-like tokens joined by single spaces
(``Center , her``, ``could n't``, ```` We appreciate ... , ''``). Line breaks are kept, so a
detokenised document still has one sentence a line.
"""

from __future__ import annotations

import re

__all__ = ["detokenise", "detokenise_line"]

# Tokens glued to the token before them.
_CLOSE = frozenset({",", ".", ":", ";", "?", "!", "%", ")", "]", "}", "...", "''", "”", "’", "n't", "N'T"})
_CLITICS = frozenset({"'s", "'S", "'re", "'ve", "'ll", "'d", "'m", "’s", "’re", "’ve", "’ll", "’d"})
# Tokens glued to the token after them.
_OPEN = frozenset({"(", "[", "{", "$", "#", "``", "“", "‘"})
# Tokens glued on both sides (hyphenated compounds, paths, URLs split by the tokeniser).
_JOIN = frozenset({"-", "/", "_", "@"})
_APOSTROPHE_TAILS = frozenset({"s", "t", "re", "ve", "ll", "d", "m"})
_PUNCT_BEFORE_CLOSING = frozenset({",", ".", "?", "!", "...", ";", ":"})
_DIGITS = re.compile(r"\d+")
_QUOTE_MAP = {"``": '"', "''": '"'}


def _quote_opens(tokens: list[str], i: int, open_quotes: int) -> bool:
    """Whether a bare ``"`` or ``'`` at ``tokens[i]`` opens a quotation."""
    token = tokens[i]
    previous = tokens[i - 1] if i else ""
    following = tokens[i + 1] if i + 1 < len(tokens) else ""
    if not following or following in _PUNCT_BEFORE_CLOSING:
        return False
    if not previous:
        return True
    if previous in _PUNCT_BEFORE_CLOSING:
        return False
    if token == "'" and previous.endswith(("s", "S")):
        return False  # plural possessive: "the Angels ' offer"
    return open_quotes % 2 == 0


def _glue(tokens: list[str]) -> list[bool]:
    """For each token, whether it is written without a space before it."""
    glued = [False] * len(tokens)
    quotes = 0
    for i, token in enumerate(tokens):
        previous = tokens[i - 1] if i else ""
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token in ('"', "'"):
            if _quote_opens(tokens, i, quotes):
                if following:
                    glued[i + 1] = True
            else:
                glued[i] = True
            quotes += 1
        elif token == ":" and _DIGITS.fullmatch(previous) and following[:1].isdigit():
            glued[i] = glued[i + 1] = True  # a time: "12 : 49" -> "12:49"
        elif token in _CLOSE or token in _CLITICS or (token in _OPEN and not following):
            # an opening mark at the end of a line is a mis-tokenised closing one
            glued[i] = True
            if token == "’" and following in _APOSTROPHE_TAILS and i + 1 < len(tokens):
                glued[i + 1] = True  # "warship ’ s" -> "warship’s"
        elif token in _OPEN:
            glued[i + 1] = True
        elif token in _JOIN and previous and following:
            glued[i] = glued[i + 1] = True
    if tokens:
        glued[0] = False
    return glued


def detokenise_line(line: str) -> str:
    """Detokenise one line of space-separated tokens.

    Example:
        >>> detokenise_line("`` We could n't , '' the rep 's friend said ( in 2013 ) .")
        '"We couldn\\'t," the rep\\'s friend said (in 2013).'
    """
    tokens = line.split()
    if tokens and tokens[0].lower().startswith(("http", "www")):
        return "".join(tokens)  # a URL line split at every punctuation mark
    glued = _glue(tokens)
    out: list[str] = []
    for token, attach in zip(tokens, glued, strict=True):
        if out and not attach:
            out.append(" ")
        out.append(_QUOTE_MAP.get(token, token))
    return "".join(out)


def detokenise(text: str) -> str:
    """Detokenise every line of an ECB+ text, keeping the line breaks.

    Example:
        >>> detokenise("Reid checked into Promises , her rep told People .\\nShe is 33 .")
        'Reid checked into Promises, her rep told People.\\nShe is 33.'
    """
    return "\n".join(detokenise_line(line) for line in text.split("\n"))
