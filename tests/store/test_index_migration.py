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
