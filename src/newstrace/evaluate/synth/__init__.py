"""A PAN corpus generator built on real news: reused, spun and reordered passages.

Example:
    >>> from pathlib import Path
    >>> from newstrace.evaluate.synth import GeneratorConfig, generate
    >>> pairs = generate(GeneratorConfig(pairs_per_kind=5), Path("out/pan"))  # doctest: +SKIP
"""

from newstrace.evaluate.synth.detokenise import detokenise
from newstrace.evaluate.synth.generate import (
    DEFAULT_CORPUS,
    KINDS,
    SYNONYM_SHARES,
    GeneratorConfig,
    generate,
)
from newstrace.evaluate.synth.layout import GeneratedPair
from newstrace.evaluate.synth.spin import AliasTable, SpinResult, spin_aliases, spin_synonyms
from newstrace.evaluate.synth.wordnet import (
    DEFAULT_WORDNET_DIR,
    WordNet,
    WordNetMissingError,
    wordnet_available,
)

__all__ = [
    "DEFAULT_CORPUS",
    "DEFAULT_WORDNET_DIR",
    "KINDS",
    "SYNONYM_SHARES",
    "AliasTable",
    "GeneratedPair",
    "GeneratorConfig",
    "SpinResult",
    "WordNet",
    "WordNetMissingError",
    "detokenise",
    "generate",
    "spin_aliases",
    "spin_synonyms",
    "wordnet_available",
]
