"""``newstrace claims`` as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from tests.conftest import COPY, SOURCE, read_text

pytest.importorskip("spacy", reason="SKIPPED LOUDLY: the nlp extra (spaCy) is not installed")

KEYS = [
    "speaker",
    "cue",
    "content",
    "channel",
    "direct",
    "speaker_start",
    "speaker_end",
    "cue_start",
    "cue_end",
    "content_start",
    "content_end",
]


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "newstrace.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )


def test_claims_of_a_file_as_jsonl(tmp_path):
    out = run("claims", SOURCE, "--format", "jsonl", "--db", tmp_path / "none.db")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows and all(list(r)[: len(KEYS)] == KEYS for r in rows)
    text = read_text(SOURCE)
    for r in rows:
        assert text[r["content_start"] : r["content_end"]] == r["content"]
    assert any(r["speaker"] == "Turkish Premier Binali Yildirim" for r in rows)


def test_stored_claims_and_groups(tmp_path):
    db = tmp_path / "n.db"
    assert run("ingest", SOURCE, COPY, "--db", db, "--quiet").returncode == 0
    out = run("claims", COPY.name, "--db", db)
    assert out.returncode == 0 and "is quoted by Tass news agency as saying" in out.stdout
    groups = run("claims", "--groups", "--db", db, "--format", "jsonl", "--no-embeddings")
    assert groups.returncode == 0, groups.stderr
    rows = [json.loads(line) for line in groups.stdout.splitlines()]
    tass = [g for g in rows if "allies are helping Islamic State" in g["content"]]
    assert tass and {c["doc"] for c in tass[0]["carriers"]} == {SOURCE.name, COPY.name}
    assert any("Conflict Intelligence Team" in r["speaker"] for r in tass[0]["rebuttals"])
    missing = run("claims", "nope", "--db", db)
    assert missing.returncode == 1 and "no document with id 'nope'" in missing.stderr
