"""The PDQ segments beside the store: reopen, incremental add and delete, crash safety."""

from __future__ import annotations

import json

import numpy as np
import pytest

from newstrace.images.features import LocalFeatures
from newstrace.images.mih import hash_words
from newstrace.images.pdq import PdqHash
from newstrace.images.signature import ImageSignature
from newstrace.records import ImageAppearance
from newstrace.store import SQLiteStore
from newstrace.store.images import ImageIndex

_EMPTY = LocalFeatures(np.zeros((0, 2), np.float32), np.zeros((0, 128), np.uint8), 1, 1)


def _put(index: ImageIndex, bits: bytes, name: str) -> None:
    sig = ImageSignature(name, 1, 1, PdqHash(bits, 100), _EMPTY, np.zeros(0, np.int64))
    assert index.put(sig, ImageAppearance(name, f"{name}.jpg")) == "added"


def _near(bits: bytes, flips: int) -> bytes:
    raw = bytearray(bits)
    for b in range(flips):
        raw[(b * 37) % 32] ^= 1 << (b % 8)
    return bytes(raw)


def _found(index: ImageIndex, query: bytes, radius: int = 31) -> dict[str, int]:
    m = index.pdq_matches(hash_words([query]), radius, 50)
    names = dict(index._conn.execute("SELECT rowid, image_id FROM images").fetchall())
    return {names[int(k)]: int(d) for k, d in zip(m.rows, m.distances, strict=True)}


def _compacted(db, hashes: list[bytes]):
    """A store holding ``hashes`` as pictures p0.., with one merged segment on disk."""
    with SQLiteStore(db) as store:
        index = ImageIndex(store, flush_rows=8)
        for i, h in enumerate(hashes):
            _put(index, h, f"p{i}")
        index.pdq.compact()
    return db


@pytest.fixture
def hashes():
    rng = np.random.default_rng(4)
    return [rng.integers(0, 256, 32, dtype=np.uint8).tobytes() for _ in range(60)]


def test_segments_survive_reopen_and_match_a_scan(tmp_path, hashes):
    db = tmp_path / "s.db"
    with SQLiteStore(db) as store:
        index = ImageIndex(store, flush_rows=16)
        for i, h in enumerate(hashes):
            _put(index, h, f"p{i}")
        index.pdq.refresh()
        stats = index.pdq.stats()
        assert stats["segments"] >= 1 and stats["segment_rows"] + stats["tail_rows"] == 60
    assert (tmp_path / "s.db.pdq" / "manifest.json").exists()
    with SQLiteStore(db) as store:
        index = ImageIndex(store, flush_rows=16)
        assert index.pdq.stats()["segment_rows"] >= 48  # read from disk, not rebuilt
        query = _near(hashes[7], 20)
        assert _found(index, query) == {"p7": 20}
        assert _found(index, _near(hashes[7], 32)) == {}


def test_incremental_add_and_delete(tmp_path, hashes):
    with SQLiteStore(tmp_path / "s.db") as store:
        index = ImageIndex(store, flush_rows=8)
        for i, h in enumerate(hashes[:40]):
            _put(index, h, f"p{i}")
        assert _found(index, hashes[3]) == {"p3": 0}
        _put(index, _near(hashes[3], 5), "copy")  # lands in the tail, found at once
        assert _found(index, hashes[3]) == {"p3": 0, "copy": 5}
        assert index.delete("p3")
        assert _found(index, hashes[3]) == {"copy": 5}  # still in a segment, hidden by SQLite
        _put(index, hashes[3], "p3-again")  # a new row id, never the deleted one
        assert _found(index, hashes[3]) == {"copy": 5, "p3-again": 0}
        index.pdq.compact()
        assert index.pdq.stats()["segments"] == 1
        assert index.counts()["pdq_index_rows"] == 41  # the deleted picture left the segments
        assert _found(index, hashes[3]) == {"copy": 5, "p3-again": 0}
        index.pdq.rebuild()
        assert index.pdq.stats()["segment_rows"] == 41
        assert _found(index, hashes[3]) == {"copy": 5, "p3-again": 0}


def test_a_half_written_segment_and_manifest_are_ignored(tmp_path, hashes):
    db = _compacted(tmp_path / "s.db", hashes[:20])
    folder = tmp_path / "s.db.pdq"
    manifest = (folder / "manifest.json").read_text()
    crashed = folder / ".seg-crashed.tmp"  # a writer died while writing a segment
    crashed.mkdir()
    (crashed / "rows.npy").write_bytes(b"\x93NUMPY garbage")
    (folder / ".manifest.json.dead.tmp").write_text('{"version": 1, "watermark"')
    with SQLiteStore(db) as store:
        index = ImageIndex(store, flush_rows=8)
        assert (folder / "manifest.json").read_text() == manifest
        assert _found(index, hashes[11]) == {"p11": 0}
        for i, h in enumerate(hashes[20:40], start=20):
            _put(index, h, f"p{i}")
        index.pdq.flush()
    assert not crashed.exists()  # the next writer cleared it
    assert json.loads((folder / "manifest.json").read_text())["watermark"] == 40


def test_a_damaged_or_foreign_index_is_rebuilt_from_the_store(tmp_path, hashes):
    db = _compacted(tmp_path / "s.db", hashes[:20])
    folder = tmp_path / "s.db.pdq"
    segment = json.loads((folder / "manifest.json").read_text())["segments"][0]["name"]
    (folder / segment / "postings.npy").write_bytes(b"truncated")
    with SQLiteStore(db) as store:
        assert _found(ImageIndex(store), hashes[5]) == {"p5": 0}
    (tmp_path / "other.db.pdq").symlink_to(folder)  # an index made for a bigger store
    with SQLiteStore(tmp_path / "other.db") as store:
        index = ImageIndex(store)
        _put(index, hashes[5], "only")
        assert _found(index, hashes[5]) == {"only": 0}


def test_two_writers_share_one_folder(tmp_path, hashes):
    db = tmp_path / "s.db"
    with SQLiteStore(db) as a_store, SQLiteStore(db) as b_store:
        a, b = ImageIndex(a_store, flush_rows=4), ImageIndex(b_store, flush_rows=4)
        for i, h in enumerate(hashes[:30]):
            _put(a if i % 2 else b, h, f"p{i}")
            (b if i % 2 else a).pdq.refresh()
        a.pdq.flush()
        b.pdq.flush()
        for i in (0, 13, 29):
            assert _found(a, hashes[i]) == {f"p{i}": 0}
            assert _found(b, hashes[i]) == {f"p{i}": 0}


def _brute_words(pictures: dict[int, np.ndarray], query: list[int], max_df: int, total: int, min_votes: int):
    df = {w: sum(int(w in p) for p in pictures.values()) for w in query}
    idf = {w: np.log1p(total / df[w]) for w in query if 0 < df[w] <= max_df}
    scored = {}
    for key, p in pictures.items():
        held = [w for w in idf if w in p]
        if len(held) >= min_votes:
            scored[key] = sum(idf[w] for w in held)
    return sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))


def test_word_candidates_through_segments_deletes_and_reopen(tmp_path):
    rng = np.random.default_rng(8)
    db = tmp_path / "w.db"
    pictures: dict[int, np.ndarray] = {}
    with SQLiteStore(db) as store:
        index = ImageIndex(store, flush_rows=8)
        for i in range(50):
            words = np.unique(rng.integers(0, 40, 10))
            sig = ImageSignature(f"p{i}", 1, 1, PdqHash(bytes(32), 100), _EMPTY, words.astype(np.int64))
            index.put(sig, ImageAppearance(f"p{i}", f"p{i}.jpg"))
            pictures[i + 1] = words
            if i % 9 == 0:
                index.pdq.refresh()  # segments of several sizes plus a tail
        for gone in (3, 17, 40):
            assert index.delete(f"p{gone - 1}")
            del pictures[gone]
        query = [1, 2, 3, 5, 8, 13, 21, 34]
        expected = _brute_words(pictures, query, 12, 50, 2)
        # deleted pictures still count in df until a merge drops them: compare after compact
        index.pdq.compact()
        assert index.pdq.stats()["segments"] == 1
        found = index.word_candidates(query, 12, 100, 2)
        assert [k for k, _ in found] == [k for k, _ in expected]
        assert [s for _, s in found] == pytest.approx([s for _, s in expected])
    with SQLiteStore(db) as store:
        assert ImageIndex(store).word_candidates(query, 12, 5, 2) == found[:5]


def test_a_version_1_folder_without_word_postings_is_rebuilt(tmp_path, hashes):
    db = _compacted(tmp_path / "v1.db", hashes[:20])
    folder = tmp_path / "v1.db.pdq"
    manifest = json.loads((folder / "manifest.json").read_text())
    for seg in manifest["segments"]:
        for name in ("word_keys", "word_offsets", "word_postings"):
            (folder / seg["name"] / f"{name}.npy").unlink()
    manifest["version"] = 1
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with SQLiteStore(db) as store:
        index = ImageIndex(store)
        assert _found(index, hashes[3], radius=0) == {"p3": 0}
        assert index.pdq.stats()["segment_rows"] + index.pdq.stats()["tail_rows"] == 20
