from newstrace.provenance import decide_direction, parse_published
from newstrace.records import Article, Direction


def art(doc_id, published):
    return Article(doc_id, "x", published=published)


def test_earlier_document_is_the_source():
    d, reason = decide_direction(art("a", "2017-11-13"), art("b", "2017-11-14T16:04"))
    assert d is Direction.A_TO_B and "a published first" in reason
    d, _ = decide_direction(art("a", "2017-11-14T16:05+01:00"), art("b", "2017-11-14T16:04Z"))
    assert d is Direction.A_TO_B  # 15:05 UTC is before 16:04 UTC
    d, _ = decide_direction(art("a", "2017-11-15"), art("b", "2017-11-14"))
    assert d is Direction.B_TO_A


def test_equal_or_missing_dates_are_undetermined():
    d, reason = decide_direction(art("a", "2017-11-14"), art("b", "2017-11-14T16:04"))
    assert d is Direction.UNDETERMINED and "same publication date" in reason
    d, reason = decide_direction(art("a", None), art("b", "2017-11-14"))
    assert d is Direction.UNDETERMINED and "no publication date for a" in reason
    d, _ = decide_direction(art("a", "not a date"), art("b", "2017-11-14"))
    assert d is Direction.UNDETERMINED


def test_parse_precision():
    assert parse_published("2017")[1] == 1
    assert parse_published("2017-11")[1] == 2
    assert parse_published("2017-11-14T16:04:00")[1] == 4
    assert parse_published("") is None
