"""Helpers for the reliability tests: the CLI as a subprocess and the store read from outside."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src"
ECBPLUS = REPO / "data" / "ecbplus" / "ecbplus_docs.jsonl"
SEED_GLOB = str(REPO / "data" / "seeds" / "*.txt")
CLI = [sys.executable, "-m", "newstrace.cli"]


def cli_env() -> dict[str, str]:
    """The environment for CLI subprocesses: this worktree's sources first, no progress bars."""
    path = os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path}
    env.pop("NEWSTRACE_PROGRESS", None)
    return env


def run_cli(*args: object, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``newstrace ARGS`` to completion."""
    return subprocess.run(
        [*CLI, *map(str, args)], capture_output=True, text=True, timeout=timeout, env=cli_env()
    )


def write_corpus(folder: Path, ecb_docs: int, filler: int = 0) -> list[str]:
    """Ingest arguments: ``filler`` unrelated short documents, the seeds, then the first
    ``ecb_docs`` ECB+ documents, as files in ``folder`` (JSONL) and the bundled seeds.

    The filler comes first so that the ingest commits its first batch of documents early
    and the store spends a while with some documents stored and others still being read.
    """
    folder.mkdir(parents=True, exist_ok=True)
    args = []
    if filler:
        rng = random.Random(filler)
        words = [f"{rng.choice('bdfgklmnprst')}{rng.choice('aeiou')}{k}" for k in range(5000)]
        texts = [" ".join(rng.choices(words, k=80)) + "." for _ in range(filler)]
        rows = [json.dumps({"id": f"filler-{k}", "series": "filler", "text": t}) for k, t in enumerate(texts)]
        (folder / "filler.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
        args.append(str(folder / "filler.jsonl"))
    lines = ECBPLUS.read_bytes().splitlines(keepends=True)[:ecb_docs]
    subset = folder / "ecb.jsonl"
    subset.write_bytes(b"".join(lines))
    return [*args, SEED_GLOB, str(subset)]


def store_state(db: Path) -> tuple[list[str], list[tuple[object, ...]]]:
    """Every document id and every reuse link of a store, read with plain sqlite3 (sorted)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        docs = [r[0] for r in conn.execute("SELECT doc_id FROM documents ORDER BY doc_id")]
        links = conn.execute(
            "SELECT da.doc_id, db.doc_id, a_start, a_end, b_start, b_end, score, matched,"
            " substitutions, direction FROM reuse r JOIN documents da ON da.rowid = r.doc_a"
            " JOIN documents db ON db.rowid = r.doc_b"
        ).fetchall()
    finally:
        conn.close()
    return docs, sorted(links)


@pytest.fixture(scope="session")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the seeds and 60 ECB+ documents, fully aligned (built once)."""
    folder = tmp_path_factory.mktemp("small")
    db = folder / "small.db"
    done = run_cli("ingest", *write_corpus(folder, 60), "--db", db, "-j", "1", "-q")
    assert done.returncode == 0, done.stderr
    return db
