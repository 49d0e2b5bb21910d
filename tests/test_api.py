"""The Python API end to end on the bundled seeds."""

import pytest

import newstrace
from newstrace.records import Article, Direction
from tests.conftest import COPY, SEEDS, SOURCE, read_text


def test_compare_accepts_texts_and_articles(seed_texts):
    source, copy = seed_texts
    by_text = newstrace.compare(source, copy)
    by_article = newstrace.compare(Article("s", source), Article("c", copy))
    assert by_text == by_article and len(by_text) == 3


def test_ingest_trace_and_idempotent_reingest(tmp_path, seed_expected):
    db = tmp_path / "s.db"
    with newstrace.open(db) as corpus:
        report = corpus.ingest([str(SOURCE), str(COPY)])
        assert (report.ingested, report.failed, report.links) == (2, 0, 3)
        again = corpus.ingest([str(SEEDS / "*.txt")])
        assert (again.ingested, again.duplicate, again.links) == (0, 2, 0)
        trace = corpus.trace(COPY.name)
    assert trace.stored
    spans = sorted((p.start, p.end) for p in trace.passages)
    gold = sorted((g["copy_start"], g["copy_end"]) for g in seed_expected["reuse"])
    assert all(abs(s[0] - g[0]) <= 5 and abs(s[1] - g[1]) <= 5 for s, g in zip(spans, gold, strict=True))
    assert {p.other for p in trace.passages} == {SOURCE.name}
    # txt files carry no dates: the direction comes from the texts (004 carries the wire credit)
    assert {p.role for p in trace.passages} == {"source"}


def test_dates_decide_the_direction_and_trace_of_unstored_article(tmp_path):
    source, copy = read_text(SOURCE), read_text(COPY)
    with newstrace.open(tmp_path / "d.db") as corpus:
        corpus.store.put_article(Article("ansa", source, published="2017-11-14T10:00+01:00"))
        corpus.store.put_article(Article("farm", copy, published="2017-11-15"))
        corpus.update()
        links = list(corpus.links())
        assert {link.direction for link in links} == {Direction.A_TO_B}
        assert {link.source for link in links} == {"ansa"}
        roles = {p.role for p in corpus.trace("farm").passages}
        assert roles == {"source"}
        external = corpus.trace(Article("pasted", copy))
        assert not external.stored
        by_other = {}
        for p in external.passages:
            by_other.setdefault(p.other, []).append((p.start, p.end))
        assert by_other["farm"] == [(0, len(copy))]  # the stored copy of the same text
        assert len(by_other["ansa"]) == 3
        assert corpus.get("pasted") is None and corpus.counts()["documents"] == 2


def test_replacing_a_document_realigns_it_with_later_ones(tmp_path):
    source, copy = read_text(SOURCE), read_text(COPY)
    with newstrace.open(tmp_path / "r.db") as corpus:
        corpus.store.put_article(Article("ansa", "Placeholder text that shares nothing at all."))
        corpus.store.put_article(Article("farm", copy))
        corpus.update()
        assert list(corpus.links()) == []
        corpus.store.put_article(Article("ansa", source))
        corpus.update()
        assert len(list(corpus.links())) == 3
        assert corpus.check() == []


def test_trace_unknown_id_raises(tmp_path):
    with newstrace.open(tmp_path / "e.db") as corpus, pytest.raises(KeyError, match="no document"):
        corpus.trace("missing")
