"""``newstrace serve``: the web UI over a store."""

from __future__ import annotations

from pathlib import Path

import click

from newstrace.cli.common import setup_logging, verbose_option


@click.command()
@click.option(
    "--db",
    default="newstrace.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The SQLite store.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback exposes the store to the network.",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@click.option(
    "--max-upload-mb",
    default=5.0,
    show_default=True,
    type=click.FloatRange(0.01, 1024),
    help="Largest request or upload accepted (413 above it).",
)
@click.option(
    "--request-timeout",
    default=60.0,
    show_default=True,
    type=click.FloatRange(0, 86400),
    help="Seconds a request may take before it is answered 503 (0: no limit).",
)
@verbose_option
def serve(db: str, host: str, port: int, max_upload_mb: float, request_timeout: float, verbose: int) -> None:
    """Serve the web UI and the JSON API (/api) over the store.

    Pages: overview, documents, a document with its borrowed passages coloured by origin,
    two documents side by side, search by text or file, stories and outlets.

    Example:
        newstrace serve --db news.db          # then open http://127.0.0.1:8000/
    """
    setup_logging(verbose)
    import uvicorn

    from newstrace.api import Corpus
    from newstrace.web import WebConfig, create_app
    from newstrace.web.server import accepted_hosts, is_loopback

    if not Path(db).exists():
        click.echo(
            f"note: no store at {db}; starting with an empty one "
            "(add articles with 'newstrace ingest' or on the Search page)",
            err=True,
        )
    if not is_loopback(host):
        click.echo(
            f"warning: listening on {host}, not loopback: anyone who can reach this machine can read "
            "the store and add documents (there is no login)",
            err=True,
        )
    config = WebConfig(
        corpus_factory=lambda: Corpus(db),
        max_body_bytes=int(max_upload_mb * 1024 * 1024),
        hosts=accepted_hosts(host),
        request_timeout=request_timeout or None,
    )
    app = create_app(config=config)
    Corpus(db).close()  # create and migrate the store once, before the first request
    click.echo(
        f"newstrace UI on http://{host if ':' not in host else f'[{host}]'}:{port}/  (Ctrl-C stops)", err=True
    )
    uvicorn.run(app, host=host, port=port, log_level="warning" if verbose == 0 else "info")
