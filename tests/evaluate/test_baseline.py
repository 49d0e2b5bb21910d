"""The difflib baseline on tiny examples."""

from __future__ import annotations

import pytest

from newstrace.evaluate.baseline import BaselineConfig, align_difflib, word_spans

SOURCE = (
    "Moscow accuses the US of protecting ISIS to exploit its fighters in order to reach its "
    "objectives in the Middle East, the defence ministry said on Tuesday evening."
)


def test_finds_a_copied_passage_with_exact_spans() -> None:
    copy = "Breaking news from the region. " + SOURCE + " More later."
    [passage] = align_difflib(SOURCE, copy)
    assert SOURCE[passage.a_start : passage.a_end] == SOURCE.rstrip(".")
    assert copy[passage.b_start : passage.b_end] == SOURCE.rstrip(".")
    assert passage.matched == len(word_spans(SOURCE))
    assert passage.score == 1.0
    assert passage.substitutions == ()


def test_bridges_a_spun_word_and_records_it() -> None:
    spun = SOURCE.replace("the US", "the USA")
    [passage] = align_difflib(SOURCE, "Intro text here. " + spun)
    assert [(s.a_text, s.b_text) for s in passage.substitutions] == [("US", "USA")]
    assert passage.matched == len(word_spans(SOURCE)) - 1


def test_matching_ignores_case() -> None:
    [passage] = align_difflib(SOURCE, SOURCE.upper())
    assert passage.score == 1.0


def test_drops_short_shared_phrases_and_unrelated_text() -> None:
    assert align_difflib(SOURCE, "the defence ministry said on Tuesday evening in a note") == []
    assert align_difflib(SOURCE, "Completely different words about football and rain.") == []
    assert align_difflib("", SOURCE) == []


def test_swapped_halves_lose_one_half() -> None:
    first = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen."
    second = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho."
    passages = align_difflib(first + " " + second, second + " " + first)
    assert len(passages) == 1  # difflib keeps one order: the swapped half is lost


def test_config_is_validated() -> None:
    with pytest.raises(ValueError, match="min_block"):
        BaselineConfig(min_block=0)
    short = BaselineConfig(min_words=3)
    assert align_difflib(SOURCE, "x the defence ministry said on Tuesday evening y", short)
