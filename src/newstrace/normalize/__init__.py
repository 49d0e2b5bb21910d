"""Normalize stage: tokens with character offsets and canonical forms for spinning."""

from newstrace.normalize.aliases import AliasTable, load_aliases
from newstrace.normalize.canon import NormalizeConfig, Normalizer, TokenSeq, normalize
from newstrace.normalize.stopwords import STOPWORDS
from newstrace.normalize.tokens import tokenize

__all__ = [
    "STOPWORDS",
    "AliasTable",
    "NormalizeConfig",
    "Normalizer",
    "TokenSeq",
    "load_aliases",
    "normalize",
    "tokenize",
]
