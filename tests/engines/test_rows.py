"""Batch rows: round trips, and the version rule checked against the real SQLite store."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.engines.batch import article_row, link_row, resolve_versions, row_article, row_link
from newstrace.records import Article, Direction, Passage, ReuseLink, Substitution
from newstrace.store import SQLiteStore


def test_article_row_round_trip_keeps_every_field():
    a = Article("x1", "Some text.", "ansa", "http://u", "2015-03-01", "T", "B", "f.jsonl#3", {"topic": 1})
    row = article_row(7, a)
    assert row["key"] == 7 and row["content_hash"] == a.content_hash
    assert row_article(row) == a


def test_link_row_round_trip_keeps_spans_and_substitutions():
    sub = Substitution(1, 3, 2, 5, "US", "USA")
    link = ReuseLink("a", "b", Passage(0, 10, 5, 15, 0.875, 9, (sub,)), Direction.B_TO_A, "b first")
    assert row_link(link_row(link)) == link


def test_resolve_versions_follows_the_store_rule_in_plain_cases():
    assert resolve_versions([(3, "h")]).key == 3
    dup = resolve_versions([(3, "h"), (8, "h")])
    assert (dup.key, dup.keep, dup.duplicate, dup.replaced) == (3, 0, 1, 0)
    back = resolve_versions([(9, "h1"), (2, "h1"), (5, "h2")])  # given out of order
    assert (back.key, back.keep, back.replaced) == (9, 0, 2)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("abc"), st.sampled_from(["one text", "another text"])),
        min_size=1,
        max_size=8,
    )
)
def test_resolve_versions_agrees_with_sqlite_store(items):
    with SQLiteStore(":memory:") as store:
        for doc_id, text in items:
            store.put_article(Article(doc_id, text))
        stored = [(a.id, a.text) for a in store.iter_articles()]
    occurrences: dict[str, list[tuple[int, str, str]]] = {}
    for pos, (doc_id, text) in enumerate(items):
        occurrences.setdefault(doc_id, []).append((pos, Article(doc_id, text).content_hash, text))
    kept = []
    for doc_id, occ in occurrences.items():
        res = resolve_versions([(o[0], o[1]) for o in occ])
        kept.append((res.key, doc_id, occ[res.keep][2]))
    assert [(d, t) for _, d, t in sorted(kept)] == stored
