"""The batch pipeline shared by both engines: output tables, Parquet input, runs and loading.

``newstrace run --engine local|spark`` writes the same output directory (see
:mod:`newstrace.engines.batch.results`); ``newstrace load`` turns it into a SQLite store.
Importing this package registers the Parquet reader with ``newstrace.ingest``.
"""

from newstrace.engines.batch.parquet_input import ParquetReader
from newstrace.engines.batch.results import (
    RunSummary,
    prepare_out,
    read_documents,
    read_links,
    read_problems,
    read_summary,
)
from newstrace.engines.batch.rows import (
    DOCUMENT_COLUMNS,
    LINK_COLUMNS,
    Resolution,
    article_row,
    link_row,
    resolve_versions,
    row_article,
    row_link,
)
from newstrace.engines.batch.runner import (
    config_from_settings,
    export_store,
    load_results,
    run_local,
    settings_of,
)

__all__ = [
    "DOCUMENT_COLUMNS",
    "LINK_COLUMNS",
    "ParquetReader",
    "Resolution",
    "RunSummary",
    "article_row",
    "config_from_settings",
    "export_store",
    "link_row",
    "load_results",
    "prepare_out",
    "read_documents",
    "read_links",
    "read_problems",
    "read_summary",
    "resolve_versions",
    "row_article",
    "row_link",
    "run_local",
    "settings_of",
]
