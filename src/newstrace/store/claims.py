"""Claims in the SQLite store: one row per claim, plus a per-document marker with the
version of the extractor, so that stale results are redone and a document's claims are
written completely or not at all."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from newstrace.claims.model import Claim
from newstrace.store.sqlite import SQLiteStore

__all__ = ["ClaimTable"]


class ClaimTable:
    """Read and write the claims of stored documents."""

    def __init__(self, store: SQLiteStore) -> None:
        self.store = store
        self._conn = store._conn  # same package: the store's own connection

    def pending(self, version: str) -> list[str]:
        """Ids of documents whose claims are missing or were found by another version."""
        rows = self._conn.execute(
            "SELECT d.doc_id FROM documents d LEFT JOIN claims_done c ON c.doc = d.rowid"
            " WHERE c.version IS NULL OR c.version != ? ORDER BY d.rowid",
            (version,),
        )
        return [r[0] for r in rows]

    def get(self, doc_id: str, version: str) -> list[Claim] | None:
        """A document's stored claims, or ``None`` when not extracted (by this version)."""
        row = self._conn.execute(
            "SELECT c.version, d.rowid FROM documents d LEFT JOIN claims_done c ON c.doc = d.rowid"
            " WHERE d.doc_id = ?",
            (doc_id,),
        ).fetchone()
        if row is None or row[0] != version:
            return None
        rows = self._conn.execute("SELECT record FROM claims WHERE doc = ? ORDER BY idx", (row[1],))
        return [_claim(doc_id, r[0]) for r in rows]

    def put(self, doc_id: str, claims: Sequence[Claim], version: str) -> None:
        """Replace a document's claims (one transaction)."""
        key = self.store.key_of(doc_id)
        if key is None:
            raise KeyError(f"no document with id {doc_id!r} in {self.store.path}")
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM claims WHERE doc = ?", (key,))
            conn.executemany(
                "INSERT INTO claims (doc, idx, record) VALUES (?, ?, ?)",
                [(key, c.index, json.dumps(_row(c), ensure_ascii=False)) for c in claims],
            )
            conn.execute("INSERT OR REPLACE INTO claims_done (doc, version) VALUES (?, ?)", (key, version))

    def all(self, version: str) -> Iterator[Claim]:
        """Every stored claim of documents extracted by this version, in stored order."""
        rows = self._conn.execute(
            "SELECT d.doc_id, c.record FROM claims c JOIN documents d ON d.rowid = c.doc"
            " JOIN claims_done k ON k.doc = c.doc WHERE k.version = ? ORDER BY c.doc, c.idx",
            (version,),
        )
        for doc_id, record in rows:
            yield _claim(doc_id, record)


def _row(c: Claim) -> dict[str, object]:
    row = c.to_json()
    del row["doc"]
    return row


def _claim(doc_id: str, record: str) -> Claim:
    row = json.loads(record)
    row["rebuts"] = tuple(row.get("rebuts", ()))
    return Claim(doc=doc_id, **row)
