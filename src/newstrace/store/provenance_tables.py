"""The store's provenance tables: link directions, story assignments and bookkeeping.

A mixin of :class:`~newstrace.store.sqlite.SQLiteStore`, kept apart to keep modules small; it
uses the store's connection, transactions and link reader.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager

from newstrace.records import ReuseLink

__all__ = ["ProvenanceTables"]


class ProvenanceTables:
    """Directions of stored links, stories, and the store state they were computed for."""

    _conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # provided by SQLiteStore

    def links(self, doc_id: str | None = None) -> Iterator[ReuseLink]:
        raise NotImplementedError  # provided by SQLiteStore

    def link_ids(self, doc_id: str | None = None) -> Iterator[tuple[int, ReuseLink]]:
        """Reuse links with their row ids (for :meth:`set_directions`)."""
        ids = (
            self._conn.execute("SELECT id FROM reuse ORDER BY id")
            if doc_id is None
            else self._conn.execute(
                "SELECT r.id FROM reuse r JOIN documents da ON da.rowid = r.doc_a"
                " JOIN documents db ON db.rowid = r.doc_b WHERE da.doc_id = ? OR db.doc_id = ?"
                " ORDER BY r.id",
                (doc_id, doc_id),
            )
        ).fetchall()
        yield from zip((int(r[0]) for r in ids), self.links(doc_id), strict=True)

    def reuse_totals(self) -> tuple[int, int]:
        """How many reuse links there are, and the largest link id."""
        row = self._conn.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM reuse").fetchone()
        return int(row[0]), int(row[1])

    def linked_after(self, link_id: int) -> set[int]:
        """Keys of the documents of every link whose id is above ``link_id``."""
        rows = self._conn.execute("SELECT doc_a, doc_b FROM reuse WHERE id > ?", (link_id,))
        return {int(k) for pair in rows for k in pair}

    def count_links_after(self, link_id: int) -> int:
        """How many links have an id above ``link_id``."""
        return int(self._conn.execute("SELECT COUNT(*) FROM reuse WHERE id > ?", (link_id,)).fetchone()[0])

    def links_around(self, keys: set[int]) -> tuple[list[tuple[int, ReuseLink]], set[str]]:
        """Every link of the documents ``keys`` and of their link partners, with row ids.

        Also returns the ids of the documents ``keys``. So each pair touching ``keys`` comes
        with all the links of both of its documents (what its direction evidence reads).
        """
        conn = self._conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS _near (key INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM _near")
        conn.executemany("INSERT OR IGNORE INTO _near VALUES (?)", ((k,) for k in keys))
        ids = {str(r[0]) for r in conn.execute("SELECT doc_id FROM documents WHERE rowid IN _near")}
        conn.execute(
            "INSERT OR IGNORE INTO _near SELECT doc_b FROM reuse WHERE doc_a IN _near"
            " UNION SELECT doc_a FROM reuse WHERE doc_b IN _near"
        )
        rows = self._links_with_ids("r.doc_a IN _near OR r.doc_b IN _near")
        conn.execute("DELETE FROM _near")
        return rows, ids

    def _links_with_ids(self, where: str) -> list[tuple[int, ReuseLink]]:
        raise NotImplementedError  # provided by SQLiteStore

    def set_directions(self, rows: Sequence[tuple[int, str, float, str]]) -> None:
        """Store ``(link id, direction, confidence, reason)`` for many links in one transaction."""
        with self.transaction() as conn:
            conn.executemany(
                "UPDATE reuse SET direction = ?, confidence = ?, reason = ? WHERE id = ?",
                [(d, c, r, i) for i, d, c, r in rows],
            )

    def state(self) -> str:
        """A key that changes whenever documents or reuse links are added, replaced or removed."""
        q = self._conn.execute
        docs = q("SELECT COUNT(*), COALESCE(MAX(rowid), 0), SUM(aligned) FROM documents").fetchone()
        links = q("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM reuse").fetchone()
        return f"d{docs[0]}.{docs[1]}.{docs[2] or 0}:r{links[0]}.{links[1]}"

    def get_state(self, name: str) -> str | None:
        """A value of the provenance bookkeeping table."""
        row = self._conn.execute("SELECT value FROM provenance_state WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def set_state(self, name: str, value: str) -> None:
        """Record a value in the provenance bookkeeping table."""
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO provenance_state (name, value) VALUES (?, ?)", (name, value))

    def put_stories(self, assignment: dict[str, str], state: str) -> None:
        """Replace the story of every document, and record the store state it belongs to."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM stories")
            conn.executemany(
                "INSERT INTO stories (doc, story_id) SELECT rowid, ? FROM documents WHERE doc_id = ?",
                [(sid, doc) for doc, sid in assignment.items()],
            )
            conn.execute(
                "INSERT OR REPLACE INTO provenance_state (name, value) VALUES ('stories', ?)", (state,)
            )

    def stories(self) -> dict[str, str]:
        """The stored story assignment, ``doc_id -> story_id``."""
        rows = self._conn.execute(
            "SELECT d.doc_id, s.story_id FROM stories s JOIN documents d ON d.rowid = s.doc"
        )
        return {str(doc): str(sid) for doc, sid in rows}
