"""PAN measures against hand-computed cases."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newstrace.evaluate.measures import (
    Case,
    evaluate,
    granularity,
    macro_precision,
    macro_recall,
    plagdet,
    score,
)

S, R = "suspicious-document00001.txt", "source-document00001.txt"
CASE = Case(S, 0, 100, R, 0, 100, obfuscation="verbatim")


def det(s0: int, s1: int, r0: int, r1: int, susp: str = S, src: str = R) -> Case:
    return Case(susp, s0, s1, src, r0, r1)


def test_perfect_detection_scores_one() -> None:
    scores = score([CASE], [det(0, 100, 0, 100)])
    assert (scores.precision, scores.recall, scores.granularity, scores.plagdet) == (1, 1, 1, 1)
    assert (scores.cases, scores.detections, scores.detected_cases) == (1, 1, 1)


def test_case_detected_in_two_halves_has_granularity_two() -> None:
    scores = score([CASE], [det(0, 50, 0, 50), det(50, 100, 50, 100)])
    assert scores.precision == 1 and scores.recall == 1
    assert scores.granularity == 2
    assert scores.plagdet == pytest.approx(1 / math.log2(3))


def test_detection_covering_half_a_case() -> None:
    scores = score([CASE], [det(0, 50, 0, 50)])
    assert scores.recall == 0.5
    assert scores.precision == 1
    assert scores.plagdet == pytest.approx(2 / 3)


def test_recall_counts_both_sides() -> None:
    # all 100 suspicious characters, half of the 100 source characters: 150 / 200
    assert macro_recall([CASE], [det(0, 100, 0, 50)]) == 0.75


def test_overlap_on_one_side_only_detects_nothing() -> None:
    one_sided = det(0, 100, 500, 600)
    assert macro_recall([CASE], [one_sided]) == 0
    assert macro_precision([CASE], [one_sided]) == 0
    assert granularity([CASE], [one_sided]) == 1


def test_detection_of_another_source_detects_nothing() -> None:
    assert macro_recall([CASE], [det(0, 100, 0, 100, src="source-document00002.txt")]) == 0


def test_false_positive_lowers_precision() -> None:
    scores = score([CASE], [det(0, 100, 0, 100), det(300, 400, 300, 400)])
    assert scores.recall == 1
    assert scores.precision == 0.5
    assert scores.granularity == 1


def test_detection_twice_the_case_has_precision_half() -> None:
    assert macro_precision([CASE], [det(0, 200, 0, 200)]) == 0.5
    assert macro_recall([CASE], [det(0, 200, 0, 200)]) == 1


def test_macro_average_over_cases() -> None:
    other = Case("suspicious-document00002.txt", 0, 100, R, 0, 100)
    assert macro_recall([CASE, other], [det(0, 100, 0, 100)]) == 0.5
    assert macro_precision([CASE, other], [det(0, 100, 0, 100)]) == 1


def test_overlapping_detections_count_characters_once() -> None:
    assert macro_recall([CASE], [det(0, 60, 0, 60), det(40, 100, 40, 100)]) == 1
    assert granularity([CASE], [det(0, 60, 0, 60), det(40, 100, 40, 100)]) == 2


def test_duplicate_detections_count_once() -> None:
    assert granularity([CASE], [det(0, 100, 0, 100), det(0, 100, 0, 100)]) == 1


def test_empty_inputs_follow_the_official_script() -> None:
    nothing = score([], [])
    assert (nothing.precision, nothing.recall, nothing.granularity, nothing.plagdet) == (1, 1, 1, 1)
    missed = score([CASE], [])
    assert (missed.precision, missed.recall, missed.granularity, missed.plagdet) == (0, 0, 1, 0)
    spurious = score([], [det(0, 10, 0, 10)])
    assert (spurious.precision, spurious.recall, spurious.plagdet) == (0, 0, 0)


def test_plagdet_matches_the_official_unit_tests() -> None:
    assert plagdet(1, 1, 1) == 1
    assert plagdet(1, 0.5, 1) == pytest.approx(2 / 3)
    assert plagdet(1, 1, 2) == pytest.approx(0.63092975)
    assert plagdet(0.75, 0.25, 2) == pytest.approx(0.23659865)
    assert plagdet(0, 0, 1) == 0
    assert plagdet(1, 1, 0.5) == 0


def test_case_rejects_inverted_spans() -> None:
    with pytest.raises(ValueError, match="start <= end"):
        Case(S, 10, 5, R, 0, 1)


def test_evaluate_breaks_down_by_kind_and_counts_negatives() -> None:
    spun = Case("suspicious-document00002.txt", 0, 100, R, 0, 100, obfuscation="synonym-40")
    negative = ("suspicious-document00003.txt", R)
    detections = [
        det(0, 100, 0, 100),
        det(0, 50, 0, 50, susp=spun.suspicious),
        det(200, 300, 200, 300, susp=spun.suspicious),  # a false positive in a synonym pair
        det(0, 10, 0, 10, susp=negative[0]),
    ]
    pairs = [CASE.pair, spun.pair, negative, ("suspicious-document00004.txt", R)]
    result = evaluate([CASE, spun], detections, pairs)
    assert list(result.by_kind) == ["synonym-40", "verbatim"]
    assert result.by_kind["verbatim"].plagdet == 1
    synonym = result.by_kind["synonym-40"]
    assert (synonym.recall, synonym.precision, synonym.detections) == (0.5, 0.5, 2)
    assert (result.negative_pairs, result.negative_pairs_detected) == (2, 1)
    assert result.negative_detected_share == 0.5
    assert result.overall.precision == pytest.approx((1 + 1 + 0 + 0) / 4)


_spans = st.lists(st.tuples(st.integers(0, 50), st.integers(1, 40)), min_size=1, max_size=6)


@given(_spans, _spans)
def test_scores_stay_in_range(raw_cases: list[tuple[int, int]], raw_dets: list[tuple[int, int]]) -> None:
    cases = [Case(S, 100 * i + a, 100 * i + a + n, R, a, a + n) for i, (a, n) in enumerate(raw_cases)]
    dets = [Case(S, a, a + 3 * n, R, a, a + n) for a, n in raw_dets]
    scores = score(cases, dets)
    assert 0 <= scores.precision <= 1 and 0 <= scores.recall <= 1
    assert scores.granularity >= 1 and 0 <= scores.plagdet <= 1
    assert score(cases, cases).plagdet == 1
