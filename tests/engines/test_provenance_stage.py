"""The provenance stage over a real store: runs after align, caches, recomputes on change."""

import newstrace
from newstrace.engines.provenance import ensure_stories, run_provenance, update_directions
from newstrace.records import Article, Direction
from newstrace.store import SQLiteStore
from newstrace.store.migrations import SCHEMA_VERSION

WIRE = (
    "(Reuters) - Rescue teams in northern Italy searched collapsed buildings on Monday after a "
    "magnitude 6.1 earthquake struck near Bergamo, killing three people and injuring dozens, "
    "the civil protection agency said in a statement issued late in the evening."
)
COPY = (
    "Our correspondent adds: the mayor called it a tragedy. "
    + WIRE[14:]
    + " Local schools will stay closed until engineers have checked every building in the valley."
)


def test_directions_and_stories_are_stored_after_ingest(tmp_path):
    db = tmp_path / "n.db"
    with newstrace.open(db) as corpus:
        corpus.store.put_articles(
            [Article("wire", WIRE, source="Reuters"), Article("copy", COPY, source="blog")]
        )
        counts = corpus.update()
        assert counts["links"] >= 1 and counts["stories"] == 1
        (lk, *_) = list(corpus.links())
        assert lk.source == "wire" and lk.confidence >= 0.6 and lk.reason
        assert corpus.store.schema_version == SCHEMA_VERSION
    with SQLiteStore(db) as store:  # persisted, and nothing to redo while the store is unchanged
        assert next(iter(store.links())).direction is not Direction.UNDETERMINED
        assert update_directions(store) == 0
        stored = store.stories()
        assert set(stored) == {"wire", "copy"} and len(set(stored.values())) == 1
        assert ensure_stories(store) == stored


def test_stories_follow_changes_of_the_store(tmp_path):
    with SQLiteStore(tmp_path / "n.db") as store:
        store.put_article(Article("q", "Earthquake near Bergamo kills three in Lombardy."))
        run_provenance(store)
        before = store.get_state("stories")
        store.put_article(Article("r", "Hamilton wins the Monaco Grand Prix ahead of Verstappen."))
        assert set(ensure_stories(store)) == {"q", "r"}
        assert store.get_state("stories") != before
        store.delete_article("r")
        assert set(ensure_stories(store)) == {"q"}
