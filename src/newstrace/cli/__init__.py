"""The ``newstrace`` command line: thin commands over the Python API."""

from __future__ import annotations

import sys

import click

from newstrace import __version__
from newstrace.cli.commands import check, compare, export, ingest, trace
from newstrace.cli.run import load, run


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newstrace")
def cli() -> None:
    """Trace the provenance of news: which passages an article reused, from whom, and how
    they were changed.

    Example:
        newstrace ingest data/seeds && newstrace trace 000_fc4f809c70dd1bba.txt
    """


for command in (ingest, trace, compare, export, check, run, load):
    cli.add_command(command)


def main() -> None:
    """Console entry point: exit 0 ok, 1 failure, 2 usage error."""
    try:
        cli.main(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted; rerun the same command to resume", err=True)
        sys.exit(130)
