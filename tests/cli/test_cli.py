"""The command line, run as a user runs it (a real subprocess for exit codes and streams)."""

import gzip
import json
import os
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner
from tests.conftest import COPY, SOURCE

from newstrace.cli import cli

EXE = [sys.executable, "-m", "newstrace.cli"]


def run(*args, env=None, stdin=None):
    return subprocess.run([*EXE, *map(str, args)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})}, input=stdin)


def test_compare_json_is_the_documented_object(seed_expected):
    out = run("compare", SOURCE, COPY, "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["a"] == str(SOURCE) and data["b"] == str(COPY)
    assert len(data["passages"]) == 3
    assert {"a_start", "a_end", "b_start", "b_end", "score", "substitutions"} <= set(data["passages"][0])
    assert ["US", "USA"] in [s for p in data["passages"] for s in p["substitutions"]]


def test_ingest_with_bad_inputs_goes_on_summarises_and_fails(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "bad.jsonl").write_text('{"id": "j1", "text": "fine text here"}\n{broken\n')
    (inputs / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (inputs / "empty.txt").write_text("   \n")
    gz = gzip.compress(b'{"id": "g1", "text": "gz text"}\n' * 50)
    (inputs / "cut.jsonl.gz").write_bytes(gz[: len(gz) // 2])
    db = tmp_path / "x.db"
    out = run("ingest", inputs, SOURCE, COPY, "--db", db)
    assert out.returncode == 1
    assert "bad.jsonl: line 2" in out.stderr
    assert "img.png" in out.stderr and "empty.txt" in out.stderr and "cut.jsonl.gz" in out.stderr
    summary = out.stderr.strip().splitlines()[-1]
    assert summary.startswith("ingested ") and "failed 3" in summary and "skipped 1" in summary
    assert out.stdout == ""
    check = run("check", "--db", db)
    assert check.returncode == 0, check.stdout + check.stderr


def test_stdin_ingest_trace_and_export(tmp_path):
    db = tmp_path / "s.db"
    lines = "\n".join(json.dumps({"id": p.stem, "series": "x", "text": p.read_bytes().decode()})
                      for p in (SOURCE, COPY))
    out = run("ingest", "-", "--db", db, "--quiet", stdin=lines)
    assert out.returncode == 0, out.stderr
    traced = run("trace", COPY.stem, "--db", db, "--format", "json")
    data = json.loads(traced.stdout)
    assert len(data["passages"]) == 3 and data["document"]["stored"] is True
    exported = run("export", "reuse", "--db", db, "--format", "jsonl")
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    # no dates: the direction comes from the texts (004 opens the passage with its wire credit)
    assert len(rows) == 3 and {r["source"] for r in rows} == {SOURCE.stem}
    assert all(0.6 <= r["confidence"] < 0.9 for r in rows)
    as_csv = run("export", "reuse", "--db", db, "--format", "csv")
    assert as_csv.stdout.splitlines()[0].startswith("doc_a,doc_b,source")
    assert len(as_csv.stdout.splitlines()) == 4


def test_trace_of_a_file_does_not_store_it(tmp_path):
    db = tmp_path / "f.db"
    assert run("ingest", SOURCE, "--db", db).returncode == 0
    out = run("trace", COPY, "--db", db)
    assert out.returncode == 0 and "3 shared passage(s)" in out.stdout and "not in the store" in out.stdout
    assert "documents 1," in run("check", "--db", db).stderr


def test_errors_are_one_line_with_exit_status(tmp_path):
    missing = run("trace", "nope", "--db", tmp_path / "none.db")
    assert missing.returncode == 1 and "no store" in missing.stderr
    usage = run("compare", SOURCE)
    assert usage.returncode == 2


def test_progress_bars_show_a_rate_when_asked(tmp_path):
    out = run("ingest", SOURCE, COPY, "--db", tmp_path / "p.db", env={"NEWSTRACE_PROGRESS": "1"})
    assert "docs/s" in out.stderr or "Aligning" in out.stderr
    quiet = run("ingest", SOURCE, "--db", tmp_path / "q.db", "--quiet", env={"NEWSTRACE_PROGRESS": "1"})
    assert "Aligning" not in quiet.stderr


def _commands(group, prefix=""):
    for name, cmd in group.commands.items():
        yield f"{prefix}{name}", cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, f"{prefix}{name} ")


@pytest.mark.parametrize("name,cmd", list(_commands(cli)))
def test_every_command_is_documented_with_an_example(name, cmd):
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output, name
