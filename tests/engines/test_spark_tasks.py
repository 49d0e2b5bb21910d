"""The Spark job's Python tasks without Spark: they must feed the stage functions exactly what
the local engine feeds them."""

import numpy as np

from newstrace.engines.batch.rows import article_row
from newstrace.engines.local import PipelineConfig, document_fingerprints
from newstrace.engines.spark.tasks import fingerprint_rows
from newstrace.index import SegmentIndex
from newstrace.ingest import ReaderConfig, read_input
from tests.conftest import COPY, SOURCE


def _articles():
    return [a for path in (SOURCE, COPY) for a in read_input(path, ReaderConfig())]


def test_postings_are_the_local_index_keys_so_32_bit_collisions_agree(tmp_path):
    config = PipelineConfig()
    articles = _articles()
    rows = [article_row(key, a) for key, a in enumerate(articles, 1)]
    got = list(fingerprint_rows(rows, config))
    index = SegmentIndex(tmp_path / "index")
    for key, article in enumerate(articles, 1):
        index.add(key, document_fingerprints(article, config))
    index.flush()
    for key, article in enumerate(articles, 1):
        keys = sorted(h for h, k in got if k == key)
        assert len(keys) == len(set(keys)) > 50  # distinct, one posting per key
        assert max(keys) < 2**32  # the top 32 bits of each 64-bit fingerprint
        own = document_fingerprints(article, config)
        assert keys == sorted({int(h) >> 32 for h in own.tolist()})
    # and the keys the two documents share are the ones the local index counts for them
    shared = set.intersection(*({h for h, k in got if k == key} for key in (1, 2)))
    docs, counts = index.query(document_fingerprints(articles[1], config), max_df=100, exclude=2)
    assert dict(zip(docs.tolist(), counts.tolist(), strict=True)) == {1: len(shared)}


def test_fingerprints_colliding_in_their_top_bits_are_one_key():
    from newstrace.index.postings import doc_keys

    a, b = np.uint64(7 << 32 | 1), np.uint64(7 << 32 | 99)
    assert doc_keys(np.asarray([a, b], dtype=np.uint64)).tolist() == [7]
