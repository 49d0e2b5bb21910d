"""Provenance commands, run as a user runs them (subprocess: real streams and exit codes)."""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from tests.conftest import COPY, SOURCE

EXE = [sys.executable, "-m", "newstrace.cli"]


def run(*args):
    return subprocess.run(
        [*EXE, *map(str, args)], capture_output=True, text=True, timeout=120, env={**os.environ}
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "seeds.db"
    out = run("ingest", SOURCE, COPY, "--db", path, "--quiet")
    assert out.returncode == 0, out.stderr
    return path


def test_stories_text_and_json(db):
    out = run("stories", "--db", db)
    assert out.returncode == 0 and "2 article(s)" in out.stdout and f"first: {SOURCE.name}" in out.stdout
    data = json.loads(run("stories", "--db", db, "--format", "json").stdout)
    assert len(data) == 1 and data[0]["first_doc"] == SOURCE.name and data[0]["size"] == 2


def test_origins_text_and_json(db):
    out = run("origins", COPY.name, "--db", db)
    assert out.returncode == 0 and "composite" in out.stdout and f"copied from {SOURCE.name}" in out.stdout
    data = json.loads(run("origins", COPY.name, "--db", db, "--format", "json").stdout)
    assert data["composite"] and data["shares"][0][0] == SOURCE.name
    assert {s["label"] for s in data["segments"]} == {"own", "copied"}
    missing = run("origins", "nope", "--db", db)
    assert missing.returncode == 1 and "no document with id 'nope'" in missing.stderr


def test_outlets_json(db):
    out = run("outlets", "--db", db, "--format", "json")
    assert out.returncode == 0 and json.loads(out.stdout) == []  # the seed files name no outlet


def test_export_stories_jsonl(db):
    lines = run("export", "stories", "--db", db, "--format", "jsonl").stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert {r["doc_id"] for r in rows} == {SOURCE.name, COPY.name}
    assert len({r["story_id"] for r in rows}) == 1 and set(rows[0]) == {"doc_id", "story_id"}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_graph(db, fmt):
    out = run("export", "graph", "--db", db, "--format", fmt)
    assert out.returncode == 0, out.stderr
    root = ET.fromstring(out.stdout)
    edges = [e for e in root.iter() if e.tag.endswith("}edge")]
    assert len(edges) == 1 and edges[0].get("source") == SOURCE.name and edges[0].get("target") == COPY.name


def test_missing_store_is_a_clear_error(tmp_path):
    out = run("stories", "--db", tmp_path / "none.db")
    assert out.returncode == 1 and "no store at" in out.stderr
