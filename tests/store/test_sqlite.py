import sqlite3

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.records import Article, Direction, Passage, ReuseLink, Substitution
from newstrace.store import SCHEMA_VERSION, SQLiteStore


@pytest.fixture
def store(tmp_path):
    with SQLiteStore(tmp_path / "t.db") as s:
        yield s


def fp(*keys):
    """Fingerprints whose index keys (top 32 bits) are ``keys``."""
    return np.asarray([(k << 32) | 12345 for k in keys], dtype=np.uint64)


def art(doc_id, text="A text about a convoy.", **kw):
    return Article(doc_id, text, **kw)


def test_new_file_is_wal_with_the_current_schema(tmp_path):
    path = tmp_path / "n.db"
    SQLiteStore(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(RuntimeError, match="upgrade newstrace"):
        SQLiteStore(path)


def test_put_is_idempotent_and_replace_requeues(store):
    assert store.put_article(art("a", source="ANSA", meta={"k": [1]})) == "added"
    assert store.put_article(art("a", source="ANSA", meta={"k": [1]})) == "duplicate"
    assert store.counts()["documents"] == 1
    store.add_postings(store.key_of("a"), fp(1, 2))
    assert store.shared_counts(fp(1, 2), max_df=10) == {store.key_of("a"): 2}
    assert store.put_article(art("a", "A different text now.")) == "replaced"
    assert store.get_article("a").text == "A different text now."
    assert store.pending("indexed") == [store.key_of("a")]
    assert store.shared_counts(fp(1, 2), max_df=10) == {}
    assert store.check() == []


@settings(max_examples=30, deadline=None)
@given(
    st.text(min_size=1, max_size=40),
    st.text(min_size=1, max_size=200),
    st.one_of(st.none(), st.text(max_size=20)),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)
def test_articles_round_trip(tmp_path_factory, doc_id, text, source, meta):
    with SQLiteStore(":memory:") as s:
        a = Article(doc_id, text, source=source, url="http://x", published="2017-11-14", meta=meta)
        s.put_article(a)
        assert s.get_article(doc_id) == a


def test_links_round_trip_and_delete_cascades(store):
    store.put_articles([art("a"), art("b", "Another text about a convoy.")])
    ka, kb = store.key_of("a"), store.key_of("b")
    sub = Substitution(0, 2, 0, 3, "US", "USA")
    link = ReuseLink("a", "b", Passage(0, 10, 2, 12, 0.9, 12, (sub,)), Direction.A_TO_B, "earlier")
    store.put_links(kb, [(ka, kb, link)])
    assert list(store.links()) == [link]
    assert list(store.links("a")) == [link]
    assert store.pending("aligned") == [ka]
    store.put_links(kb, [(ka, kb, link)])  # re-running a stage replaces, never duplicates
    assert store.counts()["reuse_links"] == 1
    store.add_postings(ka, fp(3))
    assert store.delete_article("a")
    assert store.counts()["reuse_links"] == 0
    assert store.shared_counts(fp(3), max_df=10) == {}
    assert not store.delete_article("a")


def test_shared_counts_honour_document_frequency_and_order(store):
    store.put_articles([art(f"d{n}", f"text {n}") for n in range(4)])
    keys = [store.key_of(f"d{n}") for n in range(4)]
    for k in keys:
        store.add_postings(k, fp(7, 100 + k))
    store.add_postings(keys[0], fp(7, 999, 2**31 + 5))  # replaces its first entries
    query = fp(7, 999, 2**31 + 5)
    assert store.shared_counts(query, max_df=10) == {keys[0]: 3, keys[1]: 1, keys[2]: 1, keys[3]: 1}
    assert store.shared_counts(query, max_df=2) == {keys[0]: 2}  # hash 7 is in 4 docs
    assert store.shared_counts(query, max_df=10, before=keys[1]) == {keys[0]: 3}


def test_check_finds_a_tampered_text(tmp_path):
    path = tmp_path / "c.db"
    with SQLiteStore(path) as s:
        s.put_article(art("a"))
        assert s.check() == []
    conn = sqlite3.connect(path)
    conn.execute("UPDATE documents SET text = 'changed' WHERE doc_id = 'a'")
    conn.commit()
    conn.close()
    with SQLiteStore(path) as s:
        assert s.check() == ["a: text does not match its content hash"]


def test_a_failed_batch_writes_nothing(store):
    bad = Article("x", "text", meta={"bad": object()})  # json default=str handles objects
    store.put_articles([art("ok")])
    with pytest.raises(sqlite3.IntegrityError), store.transaction() as conn:
        conn.execute("INSERT INTO documents (doc_id, content_hash, text, ingested_at)"
                     " VALUES ('y', 'h', 't', 'now')")
        conn.execute("INSERT INTO documents (doc_id, content_hash, text, ingested_at)"
                     " VALUES ('y', 'h', 't', 'now')")
    assert store.get_article("y") is None
    assert store.put_article(bad) == "added"
