"""Benchmark passage alignment the way PAN measures it, on a generated corpus of real news.

Generates a PAN text-alignment corpus from ECB+ articles (``data/ecbplus/``) with one block of
pairs per obfuscation kind, runs newstrace's aligner (``newstrace.align.align_texts``) and the
difflib baseline over the same pairs, and prints a Markdown table of plagdet, precision,
recall and granularity per kind, the share of negative pairs with any detection, and the
throughput of each system.

Example:
    .venv/bin/python benchmarks/pan_bench.py --pairs-per-kind 100 --seed 1 --out out/pan_bench
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from newstrace.evaluate.baseline import align_difflib
from newstrace.evaluate.measures import Evaluation
from newstrace.evaluate.pan import AlignFn, DetectionRun, detect_pairs, evaluate_corpus, read_pairs
from newstrace.evaluate.report import evaluation_table
from newstrace.evaluate.synth.generate import DEFAULT_CORPUS, KINDS, GeneratorConfig, generate

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SEEDS = REPO / "data" / "seeds"


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # Calibration: with 40 pairs per kind the baseline's per-kind plagdet moved by up to 0.1
    # between seeds (alias 0.90-0.99); with 100 by about 0.01, in ~10 s for both systems here.
    parser.add_argument("--pairs-per-kind", type=int, default=100, help="default: %(default)s")
    parser.add_argument("--seed", type=int, default=1, help="default: %(default)s")
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated subset")
    parser.add_argument(
        "--host-words", type=int, default=500, help="host text around a passage (default: %(default)s)"
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="ecbplus_docs.jsonl")
    parser.add_argument(
        "--seeds", type=Path, default=DEFAULT_SEEDS, help="folder of extra *.txt source articles"
    )
    parser.add_argument("--out", type=Path, help="work folder (default: a new temporary folder)")
    parser.add_argument("--workers", type=int, default=0, help="0 = one per core (default)")
    parser.add_argument("--baseline-only", action="store_true", help="skip newstrace's aligner")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")
    return parser.parse_args(argv)


def _corpus(args: argparse.Namespace, out: Path) -> Path:
    """Generate the corpus into ``out/corpus``, or reuse one generated with the same settings."""
    extra = tuple(sorted(args.seeds.glob("*.txt"))) if args.seeds.is_dir() else ()
    config = GeneratorConfig(
        pairs_per_kind=args.pairs_per_kind,
        seed=args.seed,
        kinds=tuple(k.strip() for k in args.kinds.split(",") if k.strip()),
        corpus=args.corpus,
        host_words=args.host_words,
        extra_sources=extra,
    )
    corpus_dir = out / "corpus"
    settings = json.dumps(asdict(config), default=str, sort_keys=True)
    marker = corpus_dir / "generator.json"
    if marker.is_file() and marker.read_text(encoding="utf-8") == settings:
        return corpus_dir
    if corpus_dir.exists():
        sys.exit(f"{corpus_dir} holds a corpus made with other settings; pick another --out")
    generate(config, corpus_dir)
    marker.write_text(settings, encoding="utf-8")
    return corpus_dir


def _systems(baseline_only: bool) -> list[tuple[str, AlignFn]]:
    systems: list[tuple[str, AlignFn]] = []
    if not baseline_only:
        try:
            from newstrace.align import align_texts
        except ImportError as exc:
            print(
                f"newstrace.align.align_texts is not importable ({exc}); running the baseline only",
                file=sys.stderr,
            )
        else:
            systems.append(("newstrace", align_texts))
    systems.append(("difflib baseline", align_difflib))
    return systems


def _table(results: list[tuple[str, Evaluation, DetectionRun]], pair_kinds: dict[str, int]) -> str:
    totals = {system: run.pairs for system, _, run in results}
    lines = [evaluation_table([(system, ev) for system, ev, _ in results], pair_kinds, totals)]
    lines += [
        "",
        "| system | pairs | workers | wall s | pairs/s/core |",
        "|---|---:|---:|---:|---:|",
    ]
    for system, _, run in results:
        lines.append(
            f"| {system} | {run.pairs} | {run.workers} | {run.wall_seconds:.1f} "
            f"| {run.pairs_per_core_second:.2f} |"
        )
    return "\n".join(lines)


def _mean_size(folder: Path) -> float:
    sizes = [p.stat().st_size for p in folder.iterdir()]
    return sum(sizes) / len(sizes) if sizes else 0.0


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the corpus, run every system, print the Markdown report."""
    args = _arguments(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="pan_bench_"))
    corpus_dir = _corpus(args, out)
    pairs = read_pairs(corpus_dir / "pairs")
    manifest = [json.loads(line) for line in (corpus_dir / "manifest.jsonl").open(encoding="utf-8")]
    pair_kinds: dict[str, int] = {}
    for row in manifest:
        pair_kinds[row["kind"]] = pair_kinds.get(row["kind"], 0) + 1
    results = []
    for system, align in _systems(args.baseline_only):
        detections = out / "detections" / system.split()[0]
        run = detect_pairs(
            pairs,
            corpus_dir / "src",
            corpus_dir / "susp",
            detections,
            align,
            workers=args.workers,
            progress=not args.no_progress,
        )
        results.append((system, evaluate_corpus(corpus_dir, detections), run))
    print(
        f"Corpus: {corpus_dir} ({len(pairs)} pairs, seed {args.seed}; mean size: "
        f"suspicious {_mean_size(corpus_dir / 'susp'):,.0f} B, "
        f"source {_mean_size(corpus_dir / 'src'):,.0f} B)\n"
    )
    print(_table(results, pair_kinds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
