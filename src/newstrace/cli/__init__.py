"""The ``newstrace`` command line: thin commands over the Python API."""

from __future__ import annotations

import sys

import click

from newstrace import __version__
from newstrace.cli.claims import claims
from newstrace.cli.commands import check, compare, export, ingest, trace
from newstrace.cli.image import image
from newstrace.cli.pan import pan, pan_eval, pan_generate
from newstrace.cli.provenance import export_graph, export_stories, origins, outlets, stories
from newstrace.cli.run import load, run
from newstrace.cli.serve import serve
from newstrace.store import StoreError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newstrace")
def cli() -> None:
    """Trace the provenance of news: which passages an article reused, from whom, and how
    they were changed.

    Example:
        newstrace ingest data/seeds && newstrace trace 000_fc4f809c70dd1bba.txt
    """


_COMMANDS = (
    (ingest, trace, compare, export, check),
    (pan, pan_eval, pan_generate),
    (serve,),
    (stories, origins, outlets),
    (claims,),
    (image,),
    (run, load),
)
for group in _COMMANDS:
    for command in group:
        cli.add_command(command)
export.add_command(export_stories)
export.add_command(export_graph)


def main() -> None:
    """Console entry point: exit 0 ok, 1 failure, 2 usage error."""
    try:
        cli.main(standalone_mode=True)
    except StoreError as exc:  # a damaged or foreign file: one line, not a traceback
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("interrupted; rerun the same command to resume", err=True)
        sys.exit(130)
