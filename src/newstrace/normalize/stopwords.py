"""English function words: shingles made only of them are no evidence of reuse."""

from __future__ import annotations

__all__ = ["STOPWORDS"]

# Case-folded surface forms. Contraction pieces ("s", "t", "ll") are here because the
# tokenizer splits "Russia's" into "Russia" and "s".
_WORDS = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each either even
    ever few for from further had has have having he her here hers herself him himself his how i
    if in into is it its itself just may me might more most must my myself no nor not now of off
    on once only or other our ours ourselves out over own per same shall she should since so
    some such than that the their theirs them themselves then there these they this those though
    through to too under until up upon us very was we were what when where which while who whom
    whose why will with within without would yet you your yours yourself yourselves s t d ll m
    re ve don didn doesn isn wasn weren won wouldn couldn shouldn hasn haven hadn mr mrs ms said
    says say one two
"""
STOPWORDS: frozenset[str] = frozenset(_WORDS.split())
