"""The persistent image index: pictures, PDQ multi-index, visual words and appearances.

Pictures (with their PDQ hash, keypoints and visual words) and appearances live in the same
SQLite file as the documents (tables from the image migrations); the SQLite tables are the
source of truth. The PDQ multi-index and the visual-word inverted index are a derived copy in
memory-mapped segments beside the file (:mod:`newstrace.store.pdq_index`), kept up to date on
every search and rebuildable from ``images``. A picture is stored once
(by pixel id); every place it was seen is an appearance, so the same photo in ten articles is
one row of ``images`` and ten of ``image_appearances``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from newstrace.images.features import LocalFeatures
from newstrace.images.mih import MihMatches
from newstrace.images.postings import rank_votes
from newstrace.images.signature import ImageSignature
from newstrace.records import ImageAppearance
from newstrace.store.pdq_index import PdqIndex
from newstrace.store.sqlite import SQLiteStore

__all__ = ["ImageIndex", "ImagePut", "words_blob"]

ImagePut = Literal["added", "appearance", "duplicate"]
_CHUNK = 500  # SQLite host parameters per IN list
_APPEARANCE_COLUMNS = (
    "i.image_id, a.source, a.document_id, a.url, a.first_seen, a.video_time, a.kind, i.width, i.height"
)


def words_blob(words: npt.NDArray[np.int64]) -> bytes:
    """The ``images.words`` form of a picture's visual words (little-endian uint32)."""
    return np.asarray(words, dtype="<u4").tobytes()


def _appearance(row: Sequence[Any]) -> ImageAppearance:
    image_id, source, document_id, url, first_seen, video_time, kind, width, height = row
    return ImageAppearance(image_id, source, document_id, url, first_seen, video_time, kind, width, height)


class ImageIndex:
    """Image tables of a :class:`SQLiteStore` (reads satisfy ``images.search.ImageIndexReader``)."""

    def __init__(self, store: SQLiteStore, *, flush_rows: int = 4096) -> None:
        self.store = store
        self._conn = store.connection
        self._features: dict[int, LocalFeatures] = {}
        on_disk = store.path not in ("", ":memory:") and not store.path.startswith("file:")
        folder = Path(store.path + ".pdq") if on_disk else None
        self.pdq = PdqIndex(self._conn, folder, flush_rows=flush_rows)

    # -- writing ------------------------------------------------------------------------
    def known(self, image_id: str) -> bool:
        """Whether a picture (by pixel id) is stored already: its appearances need no signing."""
        row = self._conn.execute("SELECT 1 FROM images WHERE image_id = ?", (image_id,)).fetchone()
        return row is not None

    def put(self, signature: ImageSignature | None, appearance: ImageAppearance) -> ImagePut | None:
        """Store a picture (once) and one appearance of it, in one transaction.

        ``signature`` may be ``None`` for a picture stored already; when it is not (deleted
        meanwhile), nothing is written and ``None`` is returned: sign it and put it again.
        """
        with self.store.transaction() as conn:
            row = conn.execute(
                "SELECT rowid FROM images WHERE image_id = ?", (appearance.image_id,)
            ).fetchone()
            result: ImagePut = "appearance"
            if row is None and signature is None:
                return None
            if row is None:
                assert signature is not None and signature.image_id == appearance.image_id
                key = self._insert(conn, signature)
                result = "added"
            else:
                key = int(row[0])
            cur = conn.execute(
                "INSERT OR IGNORE INTO image_appearances (image, source, document_id, url, first_seen,"
                " video_time, kind) VALUES (?,?,?,?,?,?,?)",
                (
                    key,
                    appearance.source,
                    appearance.document_id,
                    appearance.url,
                    appearance.first_seen,
                    appearance.video_time,
                    appearance.kind,
                ),
            )
            if result == "appearance" and cur.rowcount == 0:
                result = "duplicate"
        return result

    def _insert(self, conn: Any, sig: ImageSignature) -> int:
        # row ids are never reused (the PDQ segments know pictures by row id)
        cur = conn.execute(
            "INSERT INTO images (rowid, image_id, width, height, pdq, quality, features, words, added_at)"
            " VALUES (1 + MAX(IFNULL((SELECT MAX(rowid) FROM images), 0),"
            " IFNULL((SELECT MAX(rowid) FROM image_tombstones), 0)),?,?,?,?,?,?,?,?)",
            (
                sig.image_id,
                sig.width,
                sig.height,
                sig.pdq.bits,
                sig.pdq.quality,
                sig.features.to_bytes(),
                words_blob(sig.words),
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
        return int(cur.lastrowid)

    def delete(self, image_id: str) -> bool:
        """Remove a picture with its index entries and appearances."""
        with self.store.transaction() as conn:
            row = conn.execute("SELECT rowid FROM images WHERE image_id = ?", (image_id,)).fetchone()
            if row is None:
                return False
            conn.execute("DELETE FROM images WHERE rowid = ?", (row[0],))
            conn.execute("INSERT OR IGNORE INTO image_tombstones (rowid) VALUES (?)", (row[0],))
            return True

    # -- candidate routes ---------------------------------------------------------------
    def pdq_matches(self, query: npt.NDArray[np.uint64], radius: int, min_quality: int) -> MihMatches:
        """Stored pictures within ``radius`` of one of the query hashes (``V x 4`` words).

        Exact (multi-index probes, then every candidate's distance); each match is checked
        against the ``images`` table, so a deleted picture is never returned (row ids are
        never reused, so a row id still there is the same picture).
        """
        found = self.pdq.search(query, radius, min_quality)
        if len(found) == 0:
            return found
        keep = np.isin(found.rows, np.asarray(self._live(found.rows.tolist()), np.int64))
        return MihMatches(found.rows[keep], found.distances[keep], found.variants[keep])

    def word_candidates(
        self, words: Sequence[int], max_df: int, limit: int, min_votes: int
    ) -> list[tuple[int, float]]:
        """The ``limit`` pictures with the highest IDF-weighted shared-word score.

        Deleted pictures stay in the segments until the next merge: candidates are checked
        against the ``images`` table, best first, until ``limit`` live ones are found.
        """
        # pictures ever stored (row ids are never reused): the IDF's N, without COUNT(*)'s
        # full scan (29 ms per query at 1M pictures measured)
        total = int(self._conn.execute("SELECT IFNULL(MAX(rowid), 0) FROM images").fetchone()[0])
        if total == 0 or len(words) == 0:
            return []
        query = np.unique(np.asarray(words, dtype=np.int64))
        keys, scores = rank_votes(*self.pdq.word_votes(query, max_df, total, min_votes))
        out: list[tuple[int, float]] = []
        for start in range(0, len(keys), 4 * limit):
            part = keys[start : start + 4 * limit]
            live = set(self._live(part.tolist()))
            out += [
                (int(k), float(s))
                for k, s in zip(part, scores[start : start + len(part)], strict=True)
                if int(k) in live
            ]
            if len(out) >= limit:
                break
        return out[:limit]

    def _live(self, rows: Sequence[int]) -> list[int]:
        """Those of ``rows`` still in the ``images`` table."""
        live: list[int] = []
        for start in range(0, len(rows), _CHUNK):
            part = list(rows[start : start + _CHUNK])
            marks = ",".join("?" * len(part))
            live += [
                int(r[0])
                for r in self._conn.execute(f"SELECT rowid FROM images WHERE rowid IN ({marks})", part)
            ]
        return live

    def features(self, key: int) -> LocalFeatures:
        """The stored keypoints of a picture (cached for the life of this object)."""
        if key not in self._features:
            row = self._conn.execute("SELECT features FROM images WHERE rowid = ?", (key,)).fetchone()
            if row is None:
                raise KeyError(f"no picture with key {key}")
            if len(self._features) > 4096:
                self._features.clear()
            self._features[key] = LocalFeatures.from_bytes(bytes(row[0]))
        return self._features[key]

    # -- reading ------------------------------------------------------------------------
    def appearances(self, keys: Sequence[int]) -> dict[int, list[ImageAppearance]]:
        """Every appearance of the pictures with these internal keys."""
        out: dict[int, list[ImageAppearance]] = defaultdict(list)
        for start in range(0, len(keys), _CHUNK):
            part = list(keys[start : start + _CHUNK])
            marks = ",".join("?" * len(part))
            for row in self._conn.execute(
                f"SELECT a.image, {_APPEARANCE_COLUMNS} FROM image_appearances a"
                f" JOIN images i ON i.rowid = a.image WHERE a.image IN ({marks}) ORDER BY a.id",
                part,
            ):
                out[int(row[0])].append(_appearance(row[1:]))
        return dict(out)

    def of_document(self, document_id: str) -> list[ImageAppearance]:
        """The pictures seen in one article, in the order indexed."""
        rows = self._conn.execute(
            f"SELECT {_APPEARANCE_COLUMNS} FROM image_appearances a JOIN images i ON i.rowid = a.image"
            " WHERE a.document_id = ? ORDER BY a.id",
            (document_id,),
        )
        return [_appearance(r) for r in rows]

    def iter_appearances(self) -> Iterator[ImageAppearance]:
        """Every appearance, in the order indexed."""
        rows = self._conn.execute(
            f"SELECT {_APPEARANCE_COLUMNS} FROM image_appearances a JOIN images i ON i.rowid = a.image"
            " ORDER BY a.id"
        )
        for row in rows:
            yield _appearance(row)

    def count(self) -> int:
        """Distinct pictures stored."""
        return int(self._conn.execute("SELECT COUNT(*) FROM images").fetchone()[0])

    def counts(self) -> dict[str, int]:
        """Pictures, appearances and index rows."""
        q = self._conn.execute
        self.pdq.refresh()
        pdq = self.pdq.stats()
        return {
            "images": self.count(),
            "appearances": int(q("SELECT COUNT(*) FROM image_appearances").fetchone()[0]),
            "pdq_index_rows": pdq["segment_rows"] + pdq["tail_rows"],
            "word_rows": pdq["word_postings"],
        }
