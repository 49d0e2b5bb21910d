"""Stores written before the segment index: the postings table goes, documents are re-indexed."""

import sqlite3

from newstrace.store import SQLiteStore
from newstrace.store.migrations import MIGRATIONS


def test_a_version_1_store_moves_its_index_to_segment_files(tmp_path):
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    conn.execute(
        "INSERT INTO documents (doc_id, content_hash, text, ingested_at, indexed, aligned)"
        " VALUES ('a', 'h', 'text', 'now', 1, 1)"
    )
    conn.execute("INSERT INTO postings (hash, doc) VALUES (5, 1)")
    conn.commit()
    conn.close()
    with SQLiteStore(path) as store:
        tables = {r[0] for r in store._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "postings" not in tables
        assert store.pending("indexed") == [1]


def test_index_ahead_of_its_flags_is_sound_and_a_stranger_is_not(tmp_path):
    """A kill between a segment write and the marking leaves entries of documents still
    pending: sound (the next run indexes them again); entries of unknown keys are named."""
    import numpy as np

    from newstrace.engines.local import PipelineConfig, document_fingerprints, run_pending
    from newstrace.records import Article
    from newstrace.store import SQLiteStore

    text = "Rescue teams searched collapsed buildings near Bergamo after the earthquake on Monday."
    with SQLiteStore(tmp_path / "s.db") as store:
        store.put_articles([Article("a", text), Article("b", text + " More follows.")])
        for key in store.pending("indexed"):
            store.index.add(key, document_fingerprints(store.articles_by_key([key])[key], PipelineConfig()))
        store.index.flush()  # written, but the documents are not marked indexed
        assert store.check() == []
        run_pending(store)
        assert store.check() == [] and store.counts()["pending_index"] == 0
        store.index.add(9999, np.asarray([7 << 32], dtype=np.uint64))
        store.index.flush()
        assert store.check() == ["candidate index: 1 entries of documents the store does not hold"]
