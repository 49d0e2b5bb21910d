"""Store: the embedded SQLite database (documents, index postings, reuse links)."""

from newstrace.store.migrations import SCHEMA_VERSION
from newstrace.store.sqlite import PutResult, SQLiteStore, Stage, StoreError

__all__ = ["SCHEMA_VERSION", "PutResult", "SQLiteStore", "Stage", "StoreError"]
