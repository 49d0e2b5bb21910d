"""Kill ``newstrace ingest`` with SIGKILL at random moments and check what survives.

One *cycle* starts from an empty store, runs the ingest command and kills it (the whole
process group, workers included) at a random moment of a chosen stage; then it reruns the
same command, killing some reruns again, until a run completes. After every kill
``newstrace check`` must pass; after the completing run every document must be stored once
and the reuse links must be exactly those of a clean uninterrupted run.

Kill moments are chosen by watching the store from outside (which is itself a concurrent
read): a stage is *ingest* while documents are still being stored, *index* while some are
not indexed, *align* while some are not aligned. Each kill is classified by the state the
store was left in.

Run as a soak: ``python -m tests.reliability.crash_harness --seconds 600 --docs 982``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from newstrace.ingest import read_paths
from newstrace.records import Article
from tests.reliability.conftest import CLI, REPO, cli_env, run_cli, store_state, write_corpus

STAGES = ("ingest", "index", "align")
_POLL = 0.01
_MAX_CYCLES = 12  # keep trying a stage whose kills keep landing elsewhere, but not forever


@dataclass
class Timeline:
    """When the first documents were stored and each stage of a clean run ended (seconds
    from the process start)."""

    first_write: float
    ingest: float
    index: float
    align: float

    def window(self, stage: str) -> tuple[float, float]:
        start = {"ingest": self.first_write, "index": self.ingest, "align": self.index}[stage]
        return start, getattr(self, stage)


@dataclass
class Summary:
    """What a soak did (written to docs/reliability.md)."""

    seed: int
    ecb_docs: int
    documents: int
    links: int
    clean_run_seconds: float
    cycles: int = 0
    kills: int = 0
    kills_by_stage: dict[str, int] = field(default_factory=dict)
    runs_completed: int = 0
    checks_passed: int = 0
    seconds: float = 0.0


def stage_of(db: Path, total: int) -> str:
    """The stage a store is in: ``startup`` (nothing stored), ingest, index, align, done."""
    if not db.exists():
        return "startup"
    try:
        conn = sqlite3.connect(db, timeout=30)
        try:
            docs, no_index, no_align = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(indexed = 0), 0), COALESCE(SUM(aligned = 0), 0) FROM documents"
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return "startup"
        raise
    if docs == 0:
        return "startup"
    if docs < total:
        return "ingest"
    if no_index:
        return "index"
    if no_align:
        return "align"
    return "done"


def _start(args: list[str], db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*CLI, "ingest", *args, "--db", str(db), "-j", "2", "-q"],
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the process and the workers it started (its own process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def clean_run(args: list[str], db: Path, total: int) -> Timeline:
    """Run the command to completion, noting when each stage ended."""
    start = time.monotonic()
    proc = _start(args, db)
    ends: dict[str, float] = {}
    while proc.poll() is None:
        stage = stage_of(db, total)
        if stage != "startup":
            ends.setdefault("first_write", time.monotonic() - start)
        for done in STAGES[: STAGES.index(stage)] if stage in STAGES else ():
            ends.setdefault(done, time.monotonic() - start)
        if stage == "done":
            ends.update({s: ends.get(s, time.monotonic() - start) for s in STAGES})
        time.sleep(_POLL)
    elapsed = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr.read().decode() if proc.stderr else ""
    return Timeline(*(ends.get(s, elapsed) for s in ("first_write", *STAGES)))


def run_and_kill(args: list[str], db: Path, total: int, stage: str | None, at: float) -> str | None:
    """Run the command; kill it ``at`` seconds after ``stage`` is seen (any time if None).

    Returns the stage the store was left in, or ``None`` when the run completed first.
    """
    start = time.monotonic()
    proc = _start(args, db)
    seen: float | None = start if stage is None else None
    while proc.poll() is None:
        now = time.monotonic()
        if seen is None and stage_of(db, total) in (stage, *STAGES[STAGES.index(stage) + 1 :]):
            seen = now
        if seen is not None and now - seen >= at:
            _kill(proc)
            return stage_of(db, total)
        time.sleep(_POLL)
    err = proc.stderr.read().decode() if proc.stderr else ""
    assert proc.returncode == 0, f"ingest failed on its own (exit {proc.returncode}): {err}"
    return None


def assert_sound(db: Path) -> None:
    """``newstrace check`` passes (a store may not exist yet after an early kill)."""
    if not db.exists():
        return
    done = run_cli("check", "--db", db)
    assert done.returncode == 0, f"check failed after a kill:\n{done.stdout}{done.stderr}"


def soak(workdir: Path, seconds: float, ecb_docs: int, seed: int, filler: int = 220) -> Summary:
    """Kill cycles until ``seconds`` have passed and kills have landed in every stage."""
    rng = random.Random(seed)
    args = [*write_corpus(workdir / "corpus", ecb_docs, filler), str(REPO / "tests" / "golden" / "articles")]
    reference = workdir / "reference.db"
    began = time.monotonic()
    total = len({a.id for a in read_paths(args) if isinstance(a, Article)})
    timeline = clean_run(args, reference, total)
    want_docs, want_links = store_state(reference)
    assert len(want_docs) == total
    summary = Summary(seed, ecb_docs, total, len(want_links), round(timeline.align, 2))
    stages: Counter[str] = Counter()
    cycle = 0
    while cycle < _MAX_CYCLES:
        missing = [s for s in STAGES if stages[s] == 0]
        if not missing and time.monotonic() - began >= seconds:
            break
        target = missing[0] if missing else STAGES[cycle % len(STAGES)]
        db = workdir / f"cycle{cycle}.db"
        lo, hi = timeline.window(target)
        landed = run_and_kill(args, db, total, target, rng.uniform(0, 0.8 * (hi - lo)))
        kills = 0
        while landed is not None:
            stages[landed] += 1
            kills += 1
            assert_sound(db)
            summary.checks_passed += 1
            at = rng.uniform(0.3, timeline.align) if kills < 3 and rng.random() < 0.5 else float("inf")
            landed = run_and_kill(args, db, total, None, at)
        summary.runs_completed += 1
        assert_sound(db)
        docs, links = store_state(db)
        assert docs == want_docs, f"cycle {cycle}: documents differ from the clean run"
        assert links == want_links, (
            f"cycle {cycle}: {len(links)} links, the clean run has {len(want_links)}; "
            f"missing {len(set(want_links) - set(links))}, extra {len(set(links) - set(want_links))}"
        )
        for path in db.parent.glob(db.name + "*"):  # the store, its WAL and its index folders
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        cycle += 1
    rerun = run_cli("ingest", *args, "--db", reference, "-j", "2", "-q")
    assert rerun.returncode == 0 and "ingested 0," in rerun.stderr, rerun.stderr
    assert store_state(reference) == (want_docs, want_links), "re-ingesting changed the store"
    summary.cycles = cycle
    summary.kills = sum(stages.values())
    summary.kills_by_stage = dict(sorted(stages.items()))
    summary.seconds = round(time.monotonic() - began, 1)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--docs", type=int, default=982, help="ECB+ documents in the corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--filler", type=int, default=220, help="unrelated documents read first")
    parser.add_argument("--workdir", type=Path, default=Path("out/crash-soak"))
    opts = parser.parse_args()
    opts.workdir.mkdir(parents=True, exist_ok=True)
    print(json.dumps(asdict(soak(opts.workdir, opts.seconds, opts.docs, opts.seed, opts.filler)), indent=2))


if __name__ == "__main__":
    main()
