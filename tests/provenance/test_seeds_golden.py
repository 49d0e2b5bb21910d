"""Golden: on the seed pair, 000 is a composite whose passages from 004 have 004 as origin."""

import pytest
from tests.conftest import COPY, SOURCE

import newstrace
from newstrace.records import Direction


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with newstrace.open(db) as c:
        c.ingest([str(SOURCE), str(COPY)])
        yield c


def test_direction_from_the_wire_credit_is_stored(corpus):
    links = list(corpus.links())
    assert len(links) == 3
    for lk in links:
        assert lk.source == SOURCE.name
        assert lk.direction is not Direction.UNDETERMINED and 0.6 <= lk.confidence < 0.9
        assert "dateline or wire credit" in lk.reason


def test_000_is_a_composite_with_004_as_origin(corpus, seed_expected):
    origins = corpus.origins(COPY.name)
    assert origins.composite and SOURCE.name in origins.composite_reason
    copied = [s for s in origins.segments if s.label == "copied"]
    gold = sorted(seed_expected["reuse"], key=lambda r: r["copy_start"])
    assert len(copied) == len(gold) == 3
    for seg, want in zip(copied, gold, strict=True):
        assert seg.source_doc == want["source"] and seg.path == (SOURCE.name, COPY.name)
        assert abs(seg.start - want["copy_start"]) <= 3 and abs(seg.end - want["copy_end"]) <= 3
        assert abs(seg.source_start - want["source_start"]) <= 3
    assert [s.spun for s in copied] == [0, 0, 1]  # "US" spun to "USA" in the last passage
    ((origin, share),) = origins.shares
    assert origin == SOURCE.name and 0.2 < share < 0.3
    assert not corpus.origins(SOURCE.name).composite


def test_both_seeds_are_one_story_first_004(corpus):
    assert corpus.story_of(COPY.name) == corpus.story_of(SOURCE.name) is not None
    (story,) = corpus.stories()
    assert story.first_doc == SOURCE.name and story.size == 2
    assert corpus.story(story.story_id) == story and corpus.story("nope") is None
