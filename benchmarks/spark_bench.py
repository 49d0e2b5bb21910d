"""Benchmark the Spark engine against the local engine: articles per second, same run.

Until the synthetic corpus generator of the candidate-index work lands, the input is built
here from ECB+ (``data/ecbplus/``, 982 real news articles): article ``i`` is ECB+ article
``i mod 982`` rewritten (a sixth of its sentences dropped, two neighbouring sentences swapped,
8% of its words replaced by words drawn from the whole corpus) with a publication date in a
30-day window (10% missing). So at 10k articles every text has about ten edited near-copies:
far more reuse per article than a news crawl, which makes alignment the dominant cost.

Both engines run on the same file in one process; the script checks that their reuse links
are identical and prints one Markdown row per size, plus Spark's per-stage shuffle bytes
(for docs/scaling.md).

Both also cluster stories (blocked; ``--max-block`` forces the splitting path at small
sizes), and the script checks that their stories are identical too.

Example:
    SPARK_LOCAL_IP=127.0.0.1 .venv/bin/python benchmarks/spark_bench.py --sizes 10000 --master 'local[2]'
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newstrace.engines.batch import read_links, run_local
from newstrace.engines.batch.results import read_stories
from newstrace.engines.local import PipelineConfig
from newstrace.engines.spark import run_spark, spark_session
from newstrace.engines.spark.session import STEP_PREFIX
from newstrace.provenance import BlockConfig

REPO = Path(__file__).resolve().parents[1]
ECB = REPO / "data" / "ecbplus" / "ecbplus_docs.jsonl"
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated article counts")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--workers", type=int, default=2, help="local engine processes")
    parser.add_argument("--partitions", type=int, default=None, help="Spark shuffle partitions")
    parser.add_argument("--driver-memory", default="3g")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None, help="keep inputs and outputs here")
    parser.add_argument("--skip-local", action="store_true")
    parser.add_argument(
        "--corpus", type=Path, default=None,
        help="a newsgen folder (python -m newstrace.evaluate.newsgen N DIR): its first articles"
        " are the input instead of the edited ECB+ copies",
    )
    parser.add_argument(
        "--max-block", type=int, default=None, help="story blocks larger than this are split (BlockConfig)"
    )
    return parser.parse_args(argv)


def make_corpus(path: Path, n: int, seed: int) -> int:
    """Write ``n`` edited copies of ECB+ articles as JSONL; returns the text bytes written."""
    rng = random.Random(seed)
    base = [json.loads(line) for line in ECB.read_text("utf-8").splitlines()]
    vocab = sorted({w for r in base for w in r["text"].split() if w.isalpha()})
    size = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            sentences = [s for s in _SENTENCE.split(base[i % len(base)]["text"]) if s]
            sentences = [s for s in sentences if rng.random() > 1 / 6] or sentences[:1]
            if len(sentences) > 2:
                k = rng.randrange(len(sentences) - 1)
                sentences[k], sentences[k + 1] = sentences[k + 1], sentences[k]
            words = " ".join(sentences).split(" ")
            words = [rng.choice(vocab) if rng.random() < 0.08 else w for w in words]
            text = " ".join(words)
            date = None if rng.random() < 0.1 else f"2015-03-{1 + rng.randrange(30):02d}"
            out.write(
                json.dumps({"id": f"syn-{i:07d}", "series": f"outlet-{i % 50}", "date": date, "text": text})
                + "\n"
            )
            size += len(text.encode("utf-8"))
    return size


def prefix_corpus(source: Path, path: Path, n: int) -> int:
    """Copy the first ``n`` articles of a newsgen corpus; returns their text bytes."""
    size = 0
    with source.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for _, line in zip(range(n), src, strict=False):
            out.write(line)
            size += len(json.loads(line)["text"].encode("utf-8"))
    return size


def _stage_bytes(spark: Any) -> list[dict[str, Any]]:
    """Shuffle and input bytes per completed Spark stage (from the UI's REST API on localhost)."""
    base = spark.sparkContext.uiWebUrl
    app = spark.sparkContext.applicationId
    with urllib.request.urlopen(f"{base}/api/v1/applications/{app}/stages", timeout=30) as response:
        stages = json.load(response)
    with urllib.request.urlopen(f"{base}/api/v1/applications/{app}/jobs", timeout=30) as response:
        jobs = json.load(response)
    step = {
        stage: job.get("description", "").removeprefix(STEP_PREFIX)
        for job in sorted(jobs, key=lambda j: j["jobId"], reverse=True)  # a stage's first job wins
        for stage in job["stageIds"]
    }
    keys = (
        "stageId",
        "name",
        "executorRunTime",
        "inputBytes",
        "outputBytes",
        "shuffleReadBytes",
        "shuffleWriteBytes",
        "diskBytesSpilled",
        "memoryBytesSpilled",
    )
    rows = [{**{k: s.get(k) for k in keys}, "step": step.get(s["stageId"], "")} for s in stages]
    return sorted(rows, key=lambda r: r["stageId"])


def step_totals(stages: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Shuffle written (MB) and executor time (s) summed per pipeline step."""
    totals: dict[str, dict[str, float]] = {}
    for s in stages:
        t = totals.setdefault(s["step"] or "other", {"shuffle_mb": 0.0, "executor_s": 0.0, "stages": 0.0})
        t["shuffle_mb"] += (s["shuffleWriteBytes"] or 0) / 1e6
        t["executor_s"] += (s["executorRunTime"] or 0) / 1e3
        t["stages"] += 1
    return totals


def _links(out: Path) -> list[tuple[Any, ...]]:
    keys = []
    for lk in read_links(out):
        p = lk.passage
        keys.append((lk.doc_a, lk.doc_b, p.a_start, p.a_end, p.b_start, p.b_end, p.score, lk.direction))
    return sorted(keys)


def _stories(out: Path) -> list[tuple[str, str, str, str]]:
    return sorted((r.doc_id, r.story_id, r.first_doc, r.block) for r in read_stories(out))


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="spark-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    spark = spark_session(
        args.master, {"spark.ui.enabled": "true", "spark.driver.memory": args.driver_memory}
    )
    start_s = time.perf_counter() - started
    print(f"SparkSession start: {start_s:.1f} s", file=sys.stderr)
    print("| articles | text MB | local s | local art/s | spark s | spark art/s | spark/local |", end="")
    print(" links | identical | stories | blocks | local stories s | spark stories s | stories identical |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|")
    for n in (int(s) for s in args.sizes.split(",")):
        corpus = work / f"corpus-{n}.jsonl"
        if args.corpus is None:
            text_bytes = make_corpus(corpus, n, args.seed)
        else:
            text_bytes = prefix_corpus(args.corpus / "corpus.jsonl", corpus, n)
        blocks = BlockConfig() if args.max_block is None else BlockConfig(max_block=args.max_block)
        config = PipelineConfig(workers=args.workers, blocks=blocks)
        local_s = local_stories = float("nan")
        if not args.skip_local:
            t = time.perf_counter()
            local = run_local([str(corpus)], work / f"local-{n}", config, overwrite=True)
            local_stories = local.timings["stories"]
            local_s = time.perf_counter() - t
            print(f"local {n}: {local_s:.1f} s", file=sys.stderr)
        t = time.perf_counter()
        summary = run_spark(
            spark, [str(corpus)], work / f"spark-{n}", config, partitions=args.partitions, overwrite=True
        )
        spark_s = time.perf_counter() - t
        print(f"spark {n}: {spark_s:.1f} s", file=sys.stderr)
        same = "n/a" if args.skip_local else str(_links(work / f"local-{n}") == _links(work / f"spark-{n}"))
        stories = _stories(work / f"spark-{n}")
        same_stories = "n/a" if args.skip_local else str(_stories(work / f"local-{n}") == stories)
        print(
            f"| {n:,} | {text_bytes / 1e6:.1f} | {local_s:.0f} | {n / local_s:.1f} | {spark_s:.0f} | "
            f"{n / spark_s:.1f} | {local_s / spark_s:.2f} | {summary.links:,} | {same} | "
            f"{summary.stories:,} | {len({r[3] for r in stories}):,} | {local_stories:.1f} | "
            f"{summary.timings.get('stories', float('nan')):.1f} | {same_stories} |",
            flush=True,
        )
        print(f"spark timings {n}: {summary.timings}", file=sys.stderr)
        stages = _stage_bytes(spark)
        (work / f"stages-{n}.json").write_text(json.dumps(stages, indent=1))
        for name, total in sorted(step_totals(stages).items()):
            print(
                f"step {name}: {total['stages']:.0f} stages, shuffle {total['shuffle_mb']:.1f} MB,"
                f" executor {total['executor_s']:.0f} s",
                file=sys.stderr,
            )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"peak RSS: driver {rss:.0f} MB, largest child {kids:.0f} MB; stage bytes in {work}", file=sys.stderr
    )
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
