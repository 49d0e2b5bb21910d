"""The whole-corpus stories stage: two passes over the documents, texts re-read by block."""

import json
from collections import Counter
from pathlib import Path

import pytest

from newstrace.provenance import BlockConfig, StoryConfig, blocked_stories, cluster_stories
from newstrace.provenance.block_run import pack_features, packed_features
from newstrace.provenance.similarity import article_features
from newstrace.records import Article

ECB = Path(__file__).resolve().parents[2] / "data" / "ecbplus" / "ecbplus_docs.jsonl"


@pytest.fixture(scope="module")
def ecb():
    with ECB.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh][::6]  # about 160, from every topic
    return [(10 + 3 * i, Article(r["doc_id"], r["text"])) for i, r in enumerate(records)]


def test_packed_features_unpack_to_the_counters():
    big = (1 << 64) - 5  # word ids are unsigned 64-bit hashes
    pair = (Counter({big: 3, 7: 1}), Counter({big: 2}))
    assert pack_features(pair).unpack() == pair
    text = "Tara Reid entered Promises on Tuesday. Reid is 33."
    assert packed_features([text], StoryConfig().normalize)[0].unpack() == article_features(text)


def test_one_block_is_cluster_stories_of_the_whole_corpus(ecb):
    rows = blocked_stories(ecb, [], StoryConfig(), BlockConfig())
    assert {r.doc_id: r.story_id for r in rows} == cluster_stories([a for _, a in ecb], [])
    assert {r.block for r in rows} == {ecb[0][1].id}


def test_re_reading_texts_by_block_gives_the_held_answer(ecb, monkeypatch):
    from newstrace.provenance import block_run

    monkeypatch.setattr(block_run, "_READ", 16)  # many reads, each of a few blocks
    blocks = BlockConfig(max_block=20, max_key_df=40, max_shared=4)
    held = blocked_stories(ecb, [], StoryConfig(), blocks)
    by_key = dict(ecb)
    reads: list[int] = []

    def fetch(keys):
        reads.append(len(keys))
        return {k: by_key[k] for k in keys}

    fetched = blocked_stories(iter(ecb), [], StoryConfig(), blocks, fetch=fetch)
    assert fetched == held
    assert len({r.block for r in held}) > 4  # the corpus was split
    assert sum(reads) == len(ecb) and len(reads) > 4  # every text read again once, in parts
