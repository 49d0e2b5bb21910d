"""``newstrace check`` finds real damage, says what it is in one line, and exits 1."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from newstrace.store import SQLiteStore, StoreError
from tests.reliability.conftest import run_cli


@pytest.fixture
def copy(small_store: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy.db"
    shutil.copy(small_store, target)
    return target


def _assert_one_clear_failure(done, db: Path) -> None:
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stdout.strip(), "the problem is printed on stdout"


def test_a_sound_store_passes(small_store: Path) -> None:
    done = run_cli("check", "--db", small_store)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith("ok: documents 62")


def test_a_link_whose_span_exceeds_its_text_is_named(copy: Path) -> None:
    with sqlite3.connect(copy) as conn:
        rid, length = conn.execute(
            "SELECT r.id, length(d.text) FROM reuse r JOIN documents d ON d.rowid = r.doc_b LIMIT 1"
        ).fetchone()
        conn.execute("UPDATE reuse SET b_end = ? WHERE id = ?", (length + 5, rid))
    done = run_cli("check", "--db", copy)
    _assert_one_clear_failure(done, copy)
    assert f"reuse link {rid} (" in done.stdout and "span outside its document" in done.stdout


def test_a_text_changed_behind_the_store_is_named(copy: Path) -> None:
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE documents SET text = text || 'x' WHERE rowid = 3")
        doc_id = conn.execute("SELECT doc_id FROM documents WHERE rowid = 3").fetchone()[0]
    done = run_cli("check", "--db", copy)
    _assert_one_clear_failure(done, copy)
    assert f"{doc_id}: text does not match its content hash" in done.stdout


@pytest.mark.parametrize("keep", [0.5, 0.9, 4096])
def test_a_truncated_file_is_refused_with_one_line(copy: Path, keep: float) -> None:
    data = copy.read_bytes()
    cut = int(len(data) * keep) if keep < 1 else int(keep)
    copy.write_bytes(data[:cut])
    done = run_cli("check", "--db", copy)
    _assert_one_clear_failure(done, copy)
    assert len(done.stdout.splitlines()) >= 1
    assert "malformed" in done.stdout or "SQLite" in done.stdout


def test_a_page_overwritten_with_garbage_fails_sqlites_check(copy: Path) -> None:
    data = bytearray(copy.read_bytes())
    page = 4096
    pages = len(data) // page
    assert pages > 8, "the fixture store is too small to damage one of its middle pages"
    middle = (pages // 2) * page
    data[middle + 100 : middle + page] = bytes(range(256)) * ((page - 100) // 256) + bytes((page - 100) % 256)
    copy.write_bytes(bytes(data))
    done = run_cli("check", "--db", copy)
    _assert_one_clear_failure(done, copy)
    assert "SQLite" in done.stdout or "malformed" in done.stdout, done.stdout


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not SQLite, just some words\n" * 200)
    done = run_cli("check", "--db", junk)
    _assert_one_clear_failure(done, junk)
    assert "file is not a database" in done.stdout
    traced = run_cli("trace", "x", "--db", junk)
    assert traced.returncode == 1
    assert "Traceback" not in traced.stderr
    assert traced.stderr.strip().startswith("Error: cannot use") and str(junk) in traced.stderr


def test_store_error_is_raised_by_the_library(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00garbage" * 512)
    with pytest.raises(StoreError, match=r"junk\.db"):
        SQLiteStore(junk)


def test_processes_opening_a_new_store_at_once_migrate_it_once(tmp_path: Path) -> None:
    """Regression: the second opener used to re-run the first migration ("table documents
    already exists") when it read the version before the first one committed."""
    for attempt in range(10):
        path = tmp_path / f"race{attempt}.db"
        barrier = threading.Barrier(6)
        errors: list[BaseException] = []

        def open_store(
            path: Path = path, barrier: threading.Barrier = barrier, errors: list[BaseException] = errors
        ) -> None:
            barrier.wait()
            try:
                SQLiteStore(path).close()
            except BaseException as exc:  # collected and asserted below
                errors.append(exc)

        threads = [threading.Thread(target=open_store) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        with SQLiteStore(path) as store:
            assert store.check() == []
