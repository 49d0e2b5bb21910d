"""Time and peak memory of newstrace on pathological inputs (each case in a fresh process).

Cases: alignment of a 100k-word document repeating one sentence (with itself and with the
seeds), of a 100k-word text repeated 20 times, of 6,000 reordered sentences; reading gzip
bombs, a 10 MB single line, HTML nested 100,000 deep; ingesting one token repeated 100k
times. Prints a Markdown table (seconds of wall time, peak resident MB of the case's process).

Example:
    .venv/bin/python benchmarks/pathological_bench.py
    .venv/bin/python benchmarks/pathological_bench.py --case align-repeated-20
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "data" / "seeds").glob("*.txt"))
_CLOCK = [0.0]


def _start_clock() -> None:
    """Called by a case after building its input: only what follows is timed."""
    _CLOCK[0] = time.perf_counter()


SENTENCE = "The defence ministry claims the jihadist fighters were allowed to leave Raqqa. "


def _words(count: int, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(f"w{rng.randrange(50_000)}x" for _ in range(count))


def _one_sentence() -> str:
    return SENTENCE * (100_000 // len(SENTENCE.split()) + 1)


def align_one_sentence_self() -> str:
    from newstrace.align import align_texts

    doc = _one_sentence()
    _start_clock()
    return f"{len(align_texts(doc, doc))} passages"


def align_one_sentence_seeds() -> str:
    from newstrace.align import align_texts

    doc = _one_sentence()
    found = sum(len(align_texts(s.read_text("utf-8"), doc)) + len(align_texts(doc, s.read_text("utf-8")))
                for s in SEEDS)  # fmt: skip
    return f"{found} passages"


def align_repeated_20() -> str:
    from newstrace.align import align_texts

    doc = " ".join([_words(5_000, 1)] * 20)
    _start_clock()
    return f"{len(align_texts(doc, doc))} passages"


def align_reordered() -> str:
    from newstrace.align import align_texts

    rng = random.Random(3)
    sentences = [_words(15, k) + "." for k in range(6_000)]
    order = sentences[:]
    rng.shuffle(order)
    b = " ".join(s + " " + _words(25, 10_000 + k) + "." for k, s in enumerate(order))
    _start_clock()
    return f"{len(align_texts(' '.join(sentences), b))} passages"


def _read(path: Path, max_mb: int = 8) -> str:
    from newstrace.ingest import ReaderConfig, read_paths
    from newstrace.records import IngestProblem

    _start_clock()
    items = list(read_paths([str(path)], ReaderConfig(max_doc_bytes=max_mb * 1024 * 1024)))
    problems = [i for i in items if isinstance(i, IngestProblem)]
    return f"{len(items) - len(problems)} articles, {len(problems)} problems" + (
        f" ({problems[-1].message[:60]})" if problems else ""
    )


def _bomb(tmp: Path, unit: bytes) -> Path:
    path = tmp / "bomb.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=9) as out:
        for _ in range((1 << 30) // len(unit)):
            out.write(unit)
    return path


def read_bomb_one_line(tmp: Path) -> str:
    return _read(_bomb(tmp, b"a" * (1 << 20)))


def read_bomb_blank_lines(tmp: Path) -> str:
    return _read(_bomb(tmp, b"\n" * (1 << 20)))


def read_bomb_bad_records(tmp: Path) -> str:
    return _read(_bomb(tmp, b"{}\n" * (1 << 18)))


def ingest_10mb_line(tmp: Path) -> str:
    import newstrace
    from newstrace.ingest import ReaderConfig

    path = tmp / "line.txt"
    path.write_text(("lorem ipsum dolor sit amet " * 400_000)[: 10 * 1024 * 1024], "utf-8")
    _start_clock()
    with newstrace.open(":memory:") as corpus:
        report = corpus.ingest([str(path)], reader_config=ReaderConfig(max_doc_bytes=16 << 20))
        return f"{report.ingested} stored, {len(list(corpus.links()))} links"


def read_deep_html(tmp: Path) -> str:
    path = tmp / "deep.html"
    path.write_text("<html><body>" + "<div>" * 100_000 + "<p>Deep.</p>" + "</div>" * 100_000, "utf-8")
    return _read(path)


def ingest_repeated_token(tmp: Path) -> str:
    import newstrace

    path = tmp / "rep.txt"
    path.write_text(" ".join(["token"] * 100_000), "utf-8")
    _start_clock()
    with newstrace.open(":memory:") as corpus:
        report = corpus.ingest([str(path), *map(str, SEEDS)])
        return f"{report.ingested} stored, {len(list(corpus.links()))} links"


CASES: dict[str, Callable[..., str]] = {
    "align-one-sentence-100k-self": align_one_sentence_self,
    "align-one-sentence-100k-vs-seeds": align_one_sentence_seeds,
    "align-repeated-20x5k-self": align_repeated_20,
    "align-6000-reordered-sentences": align_reordered,
    "read-gzip-bomb-1GB-one-line": read_bomb_one_line,
    "read-gzip-bomb-1GB-blank-lines": read_bomb_blank_lines,
    "read-gzip-bomb-1GB-bad-records": read_bomb_bad_records,
    "ingest-10MB-single-line": ingest_10mb_line,
    "read-html-nested-100k": read_deep_html,
    "ingest-token-repeated-100k": ingest_repeated_token,
}


def _run_case(name: str) -> None:
    fn = CASES[name]
    with tempfile.TemporaryDirectory() as tmp:
        _start_clock()
        outcome = fn(Path(tmp)) if fn.__code__.co_argcount else fn()
        print(f"{time.perf_counter() - _CLOCK[0]:.2f}\t{outcome}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", choices=sorted(CASES), action="append")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.one:
        _run_case(opts.one)
        return
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    print("| case | seconds (case only) | peak RSS MB | outcome |\n|---|---:|---:|---|")
    for name in opts.case or list(CASES):
        proc = subprocess.Popen(
            [sys.executable, __file__, "--one", name], stdout=subprocess.PIPE, text=True, env=env
        )
        out = proc.stdout.read() if proc.stdout else ""
        _, status, usage = os.wait4(proc.pid, 0)
        seconds, _, outcome = out.strip().partition("\t")
        if status != 0:
            seconds, outcome = "-", f"exit status {status}"
        print(f"| {name} | {seconds} | {usage.ru_maxrss // 1024} | {outcome} |", flush=True)


if __name__ == "__main__":
    main()
