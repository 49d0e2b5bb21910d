"""Claims in the SQLite store: round trip, version marker, removal with the document."""

from __future__ import annotations

from newstrace.claims import Claim
from newstrace.records import Article
from newstrace.store import SQLiteStore
from newstrace.store.claims import ClaimTable
from newstrace.store.migrations import SCHEMA_VERSION


def test_claims_round_trip_and_version_marker(tmp_path):
    store = SQLiteStore(tmp_path / "c.db")
    assert store.schema_version == SCHEMA_VERSION
    store.put_article(Article("d1", "Police said the road was closed."))
    table = ClaimTable(store)
    assert table.pending("v1") == ["d1"] and table.get("d1", "v1") is None
    c = Claim("d1", 0, "Police", 0, 6, "said", 7, 11, "the road was closed", 12, 31, rebuts=(2,))
    table.put("d1", [c], "v1")
    assert table.get("d1", "v1") == [c]
    assert table.pending("v1") == [] and table.pending("v2") == ["d1"]
    assert table.get("d1", "v2") is None
    assert list(table.all("v1")) == [c]
    table.put("d1", [], "v2")
    assert table.get("d1", "v2") == [] and list(table.all("v1")) == []
    store.delete_article("d1")
    assert list(table.all("v2")) == [] and store.check() == []
    store.close()
