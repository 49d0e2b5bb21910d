"""`newstrace run` and `newstrace load` as a user runs them (local engine; Spark is in tests/engines)."""

import json
import os
import subprocess
import sys

from tests.conftest import COPY, SEEDS

EXE = [sys.executable, "-m", "newstrace.cli"]


def run(*args):
    return subprocess.run(
        [*EXE, *map(str, args)], capture_output=True, text=True, timeout=120, env={**os.environ}
    )


def test_run_local_then_load_then_trace(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "fine"}\n{broken\n')
    out = run("run", SEEDS, bad, "--out", tmp_path / "o", "--format", "json", "-q")
    assert out.returncode == 1  # one input failed; the rest was written
    assert f"failed: {bad}: line 2: invalid JSON" in out.stderr
    summary = json.loads(out.stdout)
    assert (summary["engine"], summary["documents"], summary["links"], summary["failed"]) == (
        "local",
        3,
        3,
        1,
    )
    loaded = run("load", tmp_path / "o", "--db", tmp_path / "n.db", "-q")
    assert loaded.returncode == 0, loaded.stderr
    traced = run("trace", COPY.name, "--db", tmp_path / "n.db", "--format", "json")
    assert len(json.loads(traced.stdout)["passages"]) == 3


def test_usage_errors_are_one_line(tmp_path):
    spark_only = run("run", SEEDS, "--out", tmp_path / "o", "--partitions", "4")
    assert spark_only.returncode != 0 and "--engine spark" in spark_only.stderr
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "keep").write_text("x")
    full = run("run", SEEDS, "--out", tmp_path / "o")
    assert full.returncode == 1 and "--overwrite" in full.stderr
    missing = run("load", tmp_path / "o", "--db", tmp_path / "n.db")
    assert missing.returncode == 1 and "manifest.json" in missing.stderr


def test_the_frequency_cap_growth_is_a_run_setting_recorded_in_the_manifest(tmp_path):
    out = run("run", SEEDS, "--out", tmp_path / "o", "--max-df-per-million", "0", "--format", "json", "-q")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["links"] == 3  # the seed pair's three passages
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text())
    assert manifest["settings"]["index"]["max_df_per_million"] == 0
    refused = run("run", SEEDS, "--out", tmp_path / "p", "--max-df-per-million", "-1")
    assert refused.returncode == 2 and "--max-df-per-million" in refused.stderr
