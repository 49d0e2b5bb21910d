"""The embedded store: one SQLite file in WAL mode.

Documents are addressed by the user's id (``doc_id``); an internal integer key (the rowid)
orders them, so a document is aligned against every document stored before it, once.
Every write that belongs together (a document; a document's reuse links and its stage flag)
is one transaction: after a crash a document is in the store completely or not at all, and
a stage is either done or still pending. The candidate index lives beside the file
(``<db>.index/``, see :mod:`newstrace.index.segments`); it is written durably before the
documents are marked indexed and is removed from before a document is deleted, so a crash
leaves at most work to redo, which :meth:`SQLiteStore.reconcile_index` finds.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from newstrace.index.segments import SegmentIndex
from newstrace.records import Article, ReuseLink
from newstrace.store.index_tables import CandidateIndexTables
from newstrace.store.migrations import migrate
from newstrace.store.provenance_tables import ProvenanceTables
from newstrace.store.rows import article_of, link_of, link_row

__all__ = ["PutResult", "SQLiteStore", "Stage", "StoreError"]

PutResult = Literal["added", "duplicate", "replaced"]
Stage = Literal["indexed", "aligned"]
_DOC_COLUMNS = "rowid, doc_id, text, source, url, published, title, author, origin, meta"


class StoreError(RuntimeError):
    """The file cannot be used as a store: not an SQLite database, damaged, or too new."""


def _set_wal(conn: sqlite3.Connection, attempts: int = 100) -> None:
    """Switch to WAL mode, retrying briefly while another opener holds a brand-new file.

    SQLite answers this pragma with "database is locked" at once, without its busy wait
    (seen when six processes open a new store together: tests/reliability/test_check.py).
    """
    for attempt in range(attempts):
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.01)


_LINK_SQL = (
    "SELECT da.doc_id, db.doc_id, r.a_start, r.a_end, r.b_start, r.b_end, r.score,"
    " r.matched, r.substitutions, r.direction, r.reason, r.confidence FROM reuse r"
    " JOIN documents da ON da.rowid = r.doc_a JOIN documents db ON db.rowid = r.doc_b"
)


class SQLiteStore(CandidateIndexTables, ProvenanceTables):
    """Documents and reuse links in one SQLite file, with the candidate index beside it.

    Example:
        >>> store = SQLiteStore(":memory:")
        >>> store.put_article(Article("a1", "Some text."))
        'added'
        >>> store.put_article(Article("a1", "Some text."))
        'duplicate'
    """

    def __init__(self, path: str | Path, *, timeout: float = 30.0) -> None:
        self.path = str(path)
        try:
            self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        try:
            self._conn.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                _set_wal(self._conn)
                self._conn.execute("PRAGMA synchronous = NORMAL")
            migrate(self._conn)
        except (sqlite3.DatabaseError, RuntimeError) as exc:
            self._conn.close()
            raise StoreError(f"cannot use {self.path} as a newstrace store: {exc}") from exc
        self.index = SegmentIndex(self.index_path)
        self._uncommitted: list[int] = []
        self._writer_depth = 0

    # -- plumbing ---------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection (the file stays consistent at any point)."""
        self._conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside commits together or not at all."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: every query inside sees the same committed state.

        Writers in other processes go on (WAL); what they commit meanwhile stays invisible
        until the block ends, so a document and its links are never read half-updated.
        """
        self._conn.execute("BEGIN DEFERRED")
        try:
            yield self._conn
        finally:
            self._conn.execute("COMMIT")

    @property
    def connection(self) -> sqlite3.Connection:
        """The open connection, for the store's companion tables (``store.images``)."""
        return self._conn

    @property
    def schema_version(self) -> int:
        """The schema version of the file."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    # -- documents --------------------------------------------------------------------
    def put_article(self, article: Article) -> PutResult:
        """Store one document atomically; the same id with the same text adds nothing.

        The same id with a different text replaces the document: its index entries and reuse
        links go, and it is queued for indexing and alignment again.
        """
        return self.put_articles([article])[0]

    def put_articles(self, articles: Sequence[Article]) -> list[PutResult]:
        """Store several documents in one transaction (each one complete or absent)."""
        self._forget_replaced(articles)
        with self.transaction() as conn:
            return [self._put(conn, a) for a in articles]

    def _forget_replaced(self, articles: Sequence[Article]) -> None:
        """Tombstone the index entries of documents about to be replaced (durably, first)."""
        replaced = []
        for article in articles:
            row = self._conn.execute(
                "SELECT rowid, content_hash FROM documents WHERE doc_id = ?", (article.id,)
            ).fetchone()
            if row is not None and row[1] != article.content_hash:
                replaced.append(int(row[0]))
        for key in replaced:
            self.index.remove(key)
        if replaced:
            self.index.flush()

    def _put(self, conn: sqlite3.Connection, article: Article) -> PutResult:
        digest = article.content_hash
        row = conn.execute(
            "SELECT rowid, content_hash FROM documents WHERE doc_id = ?", (article.id,)
        ).fetchone()
        if row is not None and row[1] == digest:
            return "duplicate"
        if row is not None:
            conn.execute("DELETE FROM documents WHERE rowid = ?", (row[0],))
        conn.execute(
            "INSERT INTO documents (doc_id, content_hash, text, title, source, url, published,"
            " author, origin, meta, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.id,
                digest,
                article.text,
                article.title,
                article.source,
                article.url,
                article.published,
                article.author,
                article.origin,
                json.dumps(dict(article.meta), ensure_ascii=False, default=str),
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
        return "added" if row is None else "replaced"

    def get_article(self, doc_id: str) -> Article | None:
        """The document with this id, or ``None``."""
        row = self._conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        return None if row is None else article_of(row)

    def key_of(self, doc_id: str) -> int | None:
        """The internal key of a document id."""
        row = self._conn.execute("SELECT rowid FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return None if row is None else int(row[0])

    def articles_by_key(self, keys: Sequence[int]) -> dict[int, Article]:
        """Documents by internal key."""
        out: dict[int, Article] = {}
        for chunk in range(0, len(keys), 500):
            part = list(keys[chunk : chunk + 500])
            marks = ",".join("?" * len(part))
            for row in self._conn.execute(
                f"SELECT {_DOC_COLUMNS} FROM documents WHERE rowid IN ({marks})", part
            ):
                out[int(row[0])] = article_of(row)
        return out

    def articles_by_id(self, doc_ids: Iterable[str]) -> dict[str, Article]:
        """Documents by id (ids not stored are left out)."""
        ids = sorted(set(doc_ids))
        out: dict[str, Article] = {}
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            marks = ",".join("?" * len(part))
            for row in self._conn.execute(
                f"SELECT {_DOC_COLUMNS} FROM documents WHERE doc_id IN ({marks})", part
            ):
                article = article_of(row)
                out[article.id] = article
        return out

    def iter_keyed_articles(self) -> Iterator[tuple[int, Article]]:
        """Every document with its internal key, in the order stored."""
        for row in self._conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY rowid"):
            yield int(row[0]), article_of(row)

    def iter_articles(self) -> Iterator[Article]:
        """Every document, in the order stored."""
        for row in self._conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY rowid"):
            yield article_of(row)

    def delete_article(self, doc_id: str) -> bool:
        """Remove a document with its index entries and reuse links; ``False`` if absent."""
        key = self.key_of(doc_id)
        if key is None:
            return False
        self.index.remove(key)
        self.index.flush()
        with self.transaction() as conn:
            cur = conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
            return cur.rowcount > 0

    def counts(self) -> dict[str, int]:
        """Documents, reuse links, and documents still pending per stage."""
        q = self._conn.execute
        return {
            "documents": int(q("SELECT COUNT(*) FROM documents").fetchone()[0]),
            "reuse_links": int(q("SELECT COUNT(*) FROM reuse").fetchone()[0]),
            "pending_index": int(q("SELECT COUNT(*) FROM documents WHERE indexed = 0").fetchone()[0]),
            "pending_align": int(q("SELECT COUNT(*) FROM documents WHERE aligned = 0").fetchone()[0]),
        }

    def count_indexed(self) -> int:
        """How many documents the candidate index holds (its size, for the frequency cap)."""
        return int(self._conn.execute("SELECT COUNT(*) FROM documents WHERE indexed = 1").fetchone()[0])

    def pending(self, stage: Stage) -> list[int]:
        """Internal keys of documents the stage has not processed, in stored order."""
        column = {"indexed": "indexed", "aligned": "aligned"}[stage]
        rows = self._conn.execute(f"SELECT rowid FROM documents WHERE {column} = 0 ORDER BY rowid")
        return [int(r[0]) for r in rows]

    # -- reuse links ------------------------------------------------------------------
    def put_links(self, key: int, links: Sequence[tuple[int, int, ReuseLink]]) -> None:
        """Store a document's reuse links ``(key_a, key_b, link)`` and mark it aligned."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM reuse WHERE doc_b = ?", (key,))
            conn.executemany(
                "INSERT INTO reuse (doc_a, doc_b, a_start, a_end, b_start, b_end, score, matched,"
                " substitutions, direction, reason, confidence) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [link_row(ka, kb, link) for ka, kb, link in links],
            )
            conn.execute("UPDATE documents SET aligned = 1 WHERE rowid = ?", (key,))

    def _links_with_ids(self, where: str) -> list[tuple[int, ReuseLink]]:
        sql = _LINK_SQL.replace("SELECT ", "SELECT r.id, ", 1)
        rows = self._conn.execute(f"{sql} WHERE {where} ORDER BY r.id")
        return [(int(row[0]), link_of(row[1:])) for row in rows]

    def links(self, doc_id: str | None = None) -> Iterator[ReuseLink]:
        """Reuse links, all of them or those of one document, in stored order."""
        sql = _LINK_SQL
        if doc_id is None:
            rows = self._conn.execute(sql + " ORDER BY r.id")
        else:
            rows = self._conn.execute(
                sql + " WHERE da.doc_id = ? OR db.doc_id = ? ORDER BY r.id", (doc_id, doc_id)
            )
        for row in rows:
            yield link_of(row)

    # -- integrity --------------------------------------------------------------------
    def check(self) -> list[str]:
        """Problems found by SQLite's checks and by newstrace's invariants (empty: sound).

        Runs in one read transaction, so a concurrent ingest cannot make it see a document
        half-written; a file too damaged to be read gives one problem naming SQLite's error.
        """
        try:
            with self.snapshot():
                return self._check()
        except sqlite3.DatabaseError as exc:
            return [f"SQLite cannot read the file: {exc}"]

    def _check(self) -> list[str]:
        q = self._conn.execute
        problems = [f"SQLite: {r[0]}" for r in q("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key broken in {r[0]}" for r in q("PRAGMA foreign_key_check")]
        for (doc_id,) in q("SELECT doc_id FROM documents WHERE aligned = 1 AND indexed = 0"):
            problems.append(f"{doc_id}: aligned but not indexed")
        for rid, doc_a, doc_b in q(
            "SELECT r.id, da.doc_id, db.doc_id FROM reuse r JOIN documents da ON da.rowid = r.doc_a"
            " JOIN documents db ON db.rowid = r.doc_b"
            " WHERE r.a_end > length(da.text) OR r.b_end > length(db.text)"
            " OR r.a_start > r.a_end OR r.b_start > r.b_end OR r.a_start < 0 OR r.b_start < 0"
        ):
            problems.append(f"reuse link {rid} ({doc_a} / {doc_b}): span outside its document")
        for (rid,) in q("SELECT id FROM reuse WHERE doc_a >= doc_b"):
            problems.append(f"reuse link {rid}: its documents are not in stored order")
        for doc_id, text, digest in q("SELECT doc_id, text, content_hash FROM documents"):
            if Article(doc_id, text).content_hash != digest:
                problems.append(f"{doc_id}: text does not match its content hash")
        return problems + self._index_problems()
