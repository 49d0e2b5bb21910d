"""``newstrace claims``: who said what in a document, and which claims travelled across the store."""

from __future__ import annotations

from pathlib import Path

import click

import newstrace
from newstrace.claims import INSTALL_HINT, Claim, ClaimGroup, NLPUnavailable, article_claims
from newstrace.cli.common import (
    db_option,
    emit_json,
    emit_jsonl,
    format_option,
    progress_bars,
    quiet_option,
    setup_logging,
    verbose_option,
)


@click.command()
@click.argument("docs", nargs=-1)
@db_option
@click.option("--all", "all_docs", is_flag=True, help="Claims of every stored document.")
@click.option(
    "--groups",
    is_flag=True,
    help="Claims carried by several documents: carriers, first appearance, rebuttals.",
)
@click.option("--no-embeddings", is_flag=True, help="Link paraphrases by TF-IDF only (no MiniLM).")
@format_option("text", "jsonl", "json", default="text")
@quiet_option
@verbose_option
def claims(
    docs: tuple[str, ...],
    db: str,
    all_docs: bool,
    groups: bool,
    no_embeddings: bool,
    fmt: str,
    quiet: bool,
    verbose: int,
) -> None:
    """Attributed claims: speaker, cue, content, channel, with character offsets.

    DOCS are stored document ids or files (a file is read, not stored). --all lists the
    claims of every stored document; --groups follows claims across the store (only the
    groups that touch DOCS when given). Needs the nlp extra: pip install 'newstrace[nlp]'.

    Example:
        newstrace claims data/seeds/004_5d9cfa0761f81c81.txt --format jsonl
        newstrace claims --groups --db news.db
    """
    setup_logging(verbose)
    if not docs and not all_docs and not groups:
        raise click.UsageError("give DOC or FILE arguments, --all or --groups")
    try:
        if groups:
            _groups(docs, db, no_embeddings, fmt, quiet)
        elif all_docs:
            with _open(db) as corpus, progress_bars(quiet) as progress:
                found = corpus.all_claims(progress)
            _emit(found, fmt)
        else:
            for doc in docs:
                _emit(_doc_claims(doc, db), fmt, doc)
    except NLPUnavailable as exc:
        raise click.ClickException(f"{exc}\nInstall the extra with: {INSTALL_HINT}") from exc


def _open(db: str) -> newstrace.Corpus:
    if not Path(db).exists():
        raise click.ClickException(f"no store at {db}; run 'newstrace ingest PATH --db {db}' first")
    return newstrace.open(db)


def _doc_claims(doc: str, db: str) -> list[Claim]:
    if Path(db).exists():
        with newstrace.open(db) as corpus:
            if corpus.get(doc) is not None:
                return corpus.claims(doc)
    if not Path(doc).is_file():
        raise click.ClickException(f"no document with id {doc!r} in {db}, and no such file")
    from newstrace.cli.commands import _read_one

    article = _read_one(doc)
    return article_claims(article.id, article.text)


def _groups(docs: tuple[str, ...], db: str, no_embeddings: bool, fmt: str, quiet: bool) -> None:
    with _open(db) as corpus, progress_bars(quiet) as progress:
        found: list[ClaimGroup] = []
        for doc in docs or (None,):
            found += [
                g
                for g in corpus.claim_groups(doc, embeddings=not no_embeddings, progress=progress)
                if g not in found
            ]
    if fmt == "json":
        emit_json(found)
    elif fmt == "jsonl":
        for g in found:
            emit_jsonl(g)
    else:
        for g in found:
            _print_group(g)


def _emit(found: list[Claim], fmt: str, label: str | None = None) -> None:
    if fmt == "json":
        emit_json([c.to_json() for c in found])
    elif fmt == "jsonl":
        for c in found:
            emit_jsonl(c.to_json())
    else:
        if label is not None:
            click.echo(f"{label}: {len(found)} claim(s)")
        for c in found:
            _print_claim(c)


def _print_claim(c: Claim) -> None:
    cue = f"{c.cue} [{c.cue_start}:{c.cue_end}]" if c.cue else "(quotation, speaker carried over)"
    extras = [f"channel: {c.channel}"] if c.channel else []
    extras += ["direct"] if c.direct else ["indirect"]
    extras += [f"rebuts {', '.join(f'[{i}]' for i in c.rebuts)}"] if c.rebuts else []
    click.echo(f"  [{c.index}] {c.speaker} [{c.speaker_start}:{c.speaker_end}]  {cue}  ({'; '.join(extras)})")
    click.echo(f"      [{c.content_start}:{c.content_end}] {_short(c.content)}")


def _print_group(g: ClaimGroup) -> None:
    click.echo(f"{g.id}: {g.speaker}: {_short(g.content)}")
    first = f"{g.first.doc} ({g.first.published})" if g.first else "undetermined"
    click.echo(f"  first: {first} ({g.first_reason})")
    for c in g.carriers:
        click.echo(
            f"  carried by {c.doc}#{c.index} {c.source or '-'} {c.published or 'undated'}: {c.speaker}"
        )
    for r in g.rebuttals:
        click.echo(
            f"  rebutted in {r.doc}#{r.index} {r.published or 'undated'} by {r.speaker}: {_short(r.content)}"
        )


def _short(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width // 2 - 2] + " … " + text[-(width // 2 - 2) :]
