"""Reads while an ingest writes: no error reaches the user and no half-written state is seen.

The store is SQLite in WAL mode: readers see the last committed state and never wait for
the writer. These tests run the CLI (``trace``, ``export``, ``check``) and library reads
(:class:`newstrace.Corpus` in other threads) against a running ``newstrace ingest``.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

import newstrace
from newstrace.records import content_hash
from tests.reliability.conftest import CLI, REPO, cli_env, run_cli, store_state, write_corpus

SEED_ID = "000_fc4f809c70dd1bba.txt"
SEED_FILE = REPO / "data" / "seeds" / SEED_ID


def _start_ingest(args: list[str], db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CLI, "ingest", *args, "--db", str(db), "-j", "1", "-q"],
        env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _snapshot_ok(db: Path) -> tuple[int, int]:
    """Read every visible document and link in one snapshot and check they agree.

    Returns (documents, links) seen.
    """
    with newstrace.open(db) as corpus, corpus.store.snapshot() as conn:
        docs = conn.execute("SELECT rowid, doc_id, text, content_hash, aligned FROM documents").fetchall()
        texts = {key: text for key, _, text, _, _ in docs}
        for _, doc_id, text, digest, _ in docs:
            assert content_hash(text) == digest, f"{doc_id}: text seen half-written"
        links = conn.execute("SELECT doc_a, doc_b, a_start, a_end, b_start, b_end FROM reuse").fetchall()
        aligned = {key for key, _, _, _, flag in docs if flag}
        for doc_a, doc_b, a0, a1, b0, b1 in links:
            assert doc_b in aligned, "a link is visible before its document is marked aligned"
            assert 0 <= a0 <= a1 <= len(texts[doc_a]) and 0 <= b0 <= b1 <= len(texts[doc_b])
    return len(docs), len(links)


def _cli_reads(db: Path, stored: bool) -> list[subprocess.CompletedProcess[str]]:
    calls = [
        run_cli("trace", SEED_FILE, "--db", db, "--format", "json"),
        run_cli("export", "reuse", "--db", db, "--format", "jsonl"),
        run_cli("check", "--db", db),
    ]
    if stored:
        calls.append(run_cli("trace", SEED_ID, "--db", db, "--format", "json"))
    return calls


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_cli_and_library_reads_during_an_ingest(tmp_path: Path) -> None:
    args = [*write_corpus(tmp_path / "corpus", 60, filler=220), str(REPO / "tests" / "golden" / "articles")]
    db = tmp_path / "busy.db"
    writer = _start_ingest(args, db)
    while not db.exists() and writer.poll() is None:
        time.sleep(0.01)

    seen: Counter[str] = Counter()
    failures: list[str] = []
    stop = threading.Event()

    def library_reader() -> None:
        while not stop.is_set():
            try:
                docs, _ = _snapshot_ok(db)
                seen["library snapshots"] += 1
                seen["max documents seen"] = max(seen["max documents seen"], docs)
            except Exception as exc:  # reported by the main thread
                failures.append(f"library read: {type(exc).__name__}: {exc}")
            time.sleep(0.02)

    threads = [threading.Thread(target=library_reader) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        rounds = 0
        while writer.poll() is None or rounds < 2:
            try:
                with newstrace.open(db) as corpus:
                    stored = corpus.get(SEED_ID) is not None
            except Exception as exc:
                failures.append(f"library open: {type(exc).__name__}: {exc}")
                stored = False
            for done in _cli_reads(db, stored):
                seen[f"cli {done.args[3]}"] += 1
                if done.returncode != 0 or "locked" in done.stderr or "Traceback" in done.stderr:
                    failures.append(
                        f"{' '.join(done.args[3:5])}: exit {done.returncode}: {done.stderr[-400:]}"
                    )
                elif done.args[3] == "export":
                    for line in done.stdout.splitlines():
                        json.loads(line)
            rounds += 1
    finally:
        stop.set()
        for t in threads:
            t.join()
        _, err = writer.communicate(timeout=600)
    assert failures == []
    assert writer.returncode == 0 and "locked" not in err, err
    docs, links = store_state(db)
    assert seen["cli trace"] >= 2 and seen["library snapshots"] >= 4, seen
    assert len(docs) == seen["max documents seen"] and links, seen


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_two_ingests_of_the_same_input_at_once_give_the_clean_result(tmp_path: Path) -> None:
    args = write_corpus(tmp_path / "corpus", 40, filler=210)
    clean = tmp_path / "clean.db"
    assert run_cli("ingest", *args, "--db", clean, "-j", "1", "-q").returncode == 0
    db = tmp_path / "twice.db"
    first, second = _start_ingest(args, db), _start_ingest(args, db)
    for proc in (first, second):
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0 and "locked" not in err, err
    assert store_state(db) == store_state(clean)
    assert run_cli("check", "--db", db).returncode == 0
