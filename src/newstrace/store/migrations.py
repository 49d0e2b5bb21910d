"""Versioned schema migrations for the SQLite store.

Each entry of :data:`MIGRATIONS` moves the schema from version ``n`` to ``n + 1`` and is
applied once, in one transaction, with ``PRAGMA user_version`` recording the result.
Never edit a released migration: append a new one.
"""

from __future__ import annotations

import sqlite3

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "migrate"]

MIGRATIONS: list[str] = [
    # 1: documents, fingerprint postings, reuse links.
    """
    CREATE TABLE documents (
        rowid INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL,
        text TEXT NOT NULL,
        title TEXT,
        source TEXT,
        url TEXT,
        published TEXT,
        author TEXT,
        origin TEXT,
        meta TEXT NOT NULL DEFAULT '{}',
        ingested_at TEXT NOT NULL,
        indexed INTEGER NOT NULL DEFAULT 0,
        aligned INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX documents_content_hash ON documents(content_hash);
    CREATE INDEX documents_pending ON documents(indexed, aligned);
    CREATE TABLE postings (
        hash INTEGER NOT NULL,
        doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
        PRIMARY KEY (hash, doc)
    ) WITHOUT ROWID;
    CREATE INDEX postings_doc ON postings(doc);
    CREATE TABLE reuse (
        id INTEGER PRIMARY KEY,
        doc_a INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
        doc_b INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
        a_start INTEGER NOT NULL,
        a_end INTEGER NOT NULL,
        b_start INTEGER NOT NULL,
        b_end INTEGER NOT NULL,
        score REAL NOT NULL,
        matched INTEGER NOT NULL,
        substitutions TEXT NOT NULL DEFAULT '[]',
        direction TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        CHECK (doc_a < doc_b),
        CHECK (0 <= a_start AND a_start <= a_end AND 0 <= b_start AND b_start <= b_end)
    );
    CREATE INDEX reuse_doc_a ON reuse(doc_a);
    CREATE INDEX reuse_doc_b ON reuse(doc_b);
    """,
    # 2: provenance: direction confidence of reuse links, story assignments and the store
    # state they were computed for.
    """
    ALTER TABLE reuse ADD COLUMN confidence REAL NOT NULL DEFAULT 0;
    CREATE TABLE IF NOT EXISTS stories (
        doc INTEGER PRIMARY KEY REFERENCES documents(rowid) ON DELETE CASCADE,
        story_id TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS stories_story ON stories(story_id);
    CREATE TABLE IF NOT EXISTS provenance_state (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 3: claims (issue 9): attributed statements per document, tagged with the extractor version
    # that found them so that a newer extractor redoes them.
    """
    CREATE TABLE IF NOT EXISTS claims_done (
        doc INTEGER PRIMARY KEY REFERENCES documents(rowid) ON DELETE CASCADE,
        version TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS claims (
        doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (doc, idx)
    ) WITHOUT ROWID;
    """,
    # 4: images: one row per distinct picture (PDQ hash, SIFT keypoints), the PDQ multi-index
    # (16 chunk keys per picture), visual-word postings, and where each picture was seen.
    """
    CREATE TABLE IF NOT EXISTS images (
        rowid INTEGER PRIMARY KEY,
        image_id TEXT NOT NULL UNIQUE,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        pdq BLOB NOT NULL,
        quality INTEGER NOT NULL,
        features BLOB NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS image_pdq_index (
        key INTEGER NOT NULL,
        image INTEGER NOT NULL REFERENCES images(rowid) ON DELETE CASCADE,
        PRIMARY KEY (key, image)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS image_pdq_index_image ON image_pdq_index(image);
    CREATE TABLE IF NOT EXISTS image_words (
        word INTEGER NOT NULL,
        image INTEGER NOT NULL REFERENCES images(rowid) ON DELETE CASCADE,
        PRIMARY KEY (word, image)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS image_words_image ON image_words(image);
    CREATE TABLE IF NOT EXISTS image_appearances (
        id INTEGER PRIMARY KEY,
        image INTEGER NOT NULL REFERENCES images(rowid) ON DELETE CASCADE,
        source TEXT NOT NULL,
        document_id TEXT,
        url TEXT,
        first_seen TEXT,
        video_time REAL,
        kind TEXT NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS image_appearances_unique
        ON image_appearances(image, source, IFNULL(document_id, ''), IFNULL(video_time, -1));
    CREATE INDEX IF NOT EXISTS image_appearances_document ON image_appearances(document_id)
    """,
    # 5: the candidate index moves to sorted segment files beside the store (<db>.index/);
    # documents are queued to be indexed there.
    """
    DROP INDEX IF EXISTS postings_doc;
    DROP TABLE IF EXISTS postings;
    UPDATE documents SET indexed = 0;
    """,
    # 6: the PDQ multi-index moves to memory-mapped segments beside the file
    # (store/pdq_index.py, rebuilt from ``images``); deleted picture row ids are remembered so
    # row ids are never reused and the segments can drop them.
    """
    DROP INDEX IF EXISTS image_pdq_index_image;
    DROP TABLE IF EXISTS image_pdq_index;
    CREATE TABLE IF NOT EXISTS image_tombstones (rowid INTEGER PRIMARY KEY)
    """,
    # 7: a picture's visual words move into its row (``images.words``, little-endian uint32;
    # words of pictures stored before are carried over as space-separated text) and their
    # inverted index into the segments beside the file (store/pdq_index.py): 300 SQLite rows
    # per picture were ~300M rows at 1M pictures.
    """
    ALTER TABLE images ADD COLUMN words BLOB;
    UPDATE images SET words = (SELECT group_concat(word, ' ') FROM image_words WHERE image = images.rowid);
    DROP INDEX IF EXISTS image_words_image;
    DROP TABLE IF EXISTS image_words
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database to :data:`SCHEMA_VERSION`; return the version it had before.

    ``conn`` must be in autocommit mode (``isolation_level=None``).

    Raises:
        RuntimeError: the file was written by a newer newstrace.
    """
    before = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if before > SCHEMA_VERSION:
        raise RuntimeError(
            f"database schema version {before} is newer than this newstrace supports "
            f"({SCHEMA_VERSION}); upgrade newstrace"
        )
    for version in range(before, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        # another process may have migrated between the read above and this lock
        if int(conn.execute("PRAGMA user_version").fetchone()[0]) > version:
            conn.execute("COMMIT")
            continue
        try:
            for statement in MIGRATIONS[version].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return before
