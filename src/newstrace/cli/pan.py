"""PAN text-alignment commands: align a PAN corpus, score detections, generate a corpus."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from newstrace.cli.common import format_option, quiet_option, setup_logging, stderr, verbose_option

_DIR = click.Path(file_okay=False, path_type=Path)
_EXISTING_DIR = click.Path(exists=True, file_okay=False, path_type=Path)
_EXISTING_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _pairs_or_exit(path: Path) -> list:  # type: ignore[type-arg]
    from newstrace.evaluate.pan import read_pairs

    try:
        return read_pairs(path)
    except (ValueError, UnicodeDecodeError) as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("pan")
@click.option("--pairs", "pairs_file", required=True, type=_EXISTING_FILE,
              help="Lines 'suspicious-documentN.txt source-documentM.txt'.")
@click.option("--src", "src_dir", required=True, type=_EXISTING_DIR, help="Folder of source documents.")
@click.option("--susp", "susp_dir", required=True, type=_EXISTING_DIR, help="Folder of suspicious documents.")
@click.option("--out", "out_dir", required=True, type=_DIR, help="Where the detection XML files go.")
@click.option("--workers", "-j", type=click.IntRange(0), default=0, show_default=True,
              help="Processes; 0 = one per core.")
@quiet_option
@verbose_option
def pan(pairs_file: Path, src_dir: Path, susp_dir: Path, out_dir: Path, workers: int, quiet: bool,
        verbose: int) -> None:
    """Align every pair of a PAN text-alignment corpus and write one detection XML per pair.

    Uses the same aligner as `compare`, `trace` and the store. Offsets count characters of
    the files read as UTF-8. A pair whose file is missing or not UTF-8 is reported on stderr
    and skipped; the exit status is then 1.

    Example:
        newstrace pan --pairs corpus/pairs --src corpus/src --susp corpus/susp --out det
    """
    from newstrace.align import align_texts
    from newstrace.evaluate.pan import detect_pairs

    setup_logging(verbose)
    pairs = _pairs_or_exit(pairs_file)
    show = not quiet and stderr.is_terminal
    run = detect_pairs(pairs, src_dir, susp_dir, out_dir, align_texts, workers=workers, progress=show)
    for failure in run.failures:
        click.echo(f"error: {failure}", err=True)
    click.echo(
        f"{run.pairs - len(run.failures)} of {run.pairs} pairs aligned, {run.detections} detections "
        f"written to {out_dir} in {run.wall_seconds:.1f} s ({run.pairs_per_core_second:.0f} pairs/s/core, "
        f"{run.workers} workers)",
        err=True,
    )
    if run.failures:
        sys.exit(1)


@click.command("pan-eval")
@click.option("--truth", "truth_dir", required=True, type=_EXISTING_DIR,
              help="Folder of truth XML (features named 'plagiarism', optionally with obfuscation=...).")
@click.option("--detections", "detections_dir", required=True, type=_EXISTING_DIR,
              help="Folder of detection XML (features named 'detected-plagiarism').")
@click.option("--pairs", "pairs_file", type=_EXISTING_FILE,
              help="The corpus' pairs file: only listed pairs count, and those without truth are negatives.")
@format_option("text", "json", default="text")
def pan_eval(truth_dir: Path, detections_dir: Path, pairs_file: Path | None, fmt: str) -> None:
    """Score detections with the PAN measures: precision, recall, granularity and plagdet.

    Scores are given overall and per obfuscation kind when the truth carries one.

    Example:
        newstrace pan-eval --truth corpus/truth --detections det --pairs corpus/pairs
    """
    from newstrace.evaluate.pan import evaluate_dirs
    from newstrace.evaluate.report import evaluation_dict, evaluation_table

    pairs = _pairs_or_exit(pairs_file) if pairs_file else None
    try:
        evaluation = evaluate_dirs(truth_dir, detections_dir, pairs)
    except (ValueError, UnicodeDecodeError) as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(evaluation_dict(evaluation), indent=2))
    else:
        totals = {detections_dir.name: len(pairs)} if pairs is not None else None
        click.echo(evaluation_table([(detections_dir.name, evaluation)], total_pairs=totals))


@click.command("pan-generate")
@click.option("--out", "out_dir", required=True, type=_DIR, help="An empty or new folder.")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--pairs-per-kind", type=click.IntRange(2), default=40, show_default=True)
@click.option("--kinds", help="Comma-separated subset of: verbatim, alias, synonym-10 ... synonym-80, "
              "reorder, composite, negative.")
@click.option("--corpus", type=_EXISTING_FILE, help="ECB+ JSONL (default: data/ecbplus of the checkout).")
@click.option("--host-words", type=click.IntRange(1), default=500, show_default=True,
              help="Unrelated host text around each passage, in words.")
@verbose_option
def pan_generate(out_dir: Path, seed: int, pairs_per_kind: int, kinds: str | None, corpus: Path | None,
                 host_words: int, verbose: int) -> None:
    """Generate a PAN text-alignment corpus of reused news: pairs, src/, susp/, truth/.

    Real ECB+ articles copied verbatim, name-alias and synonym spun (WordNet from Debian's
    wordnet-base), sentence-reordered, combined into composites, and same-topic negatives.
    Deterministic for a given seed.

    Example:
        newstrace pan-generate --out corpus --seed 1 --pairs-per-kind 100
    """
    from newstrace.evaluate.synth.generate import DEFAULT_CORPUS, KINDS, GeneratorConfig, generate

    setup_logging(verbose)
    try:
        config = GeneratorConfig(
            pairs_per_kind=pairs_per_kind, seed=seed,
            kinds=tuple(k.strip() for k in kinds.split(",")) if kinds else KINDS,
            corpus=corpus or DEFAULT_CORPUS, host_words=host_words,
        )
        pairs = generate(config, out_dir)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{len(pairs)} pairs written to {out_dir} (pairs, src/, susp/, truth/)", err=True)
