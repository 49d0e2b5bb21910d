"""What splitting costs the stories of ECB+: ARI when blocks are forced far below the corpus.

The 982 ECB+ articles are one block under the defaults (``max_block`` 10,000). Here
``max_block`` is forced down (default 200) so that ``story_blocks`` must split them, once per
``max_keys`` value given: how many of each document's rarest block keys count. Scored against
the gold events (``subtopic``) and against the unsplit stories (what the store computes).

Example:
    PYTHONPATH=src .venv/bin/python benchmarks/stories_split.py --max-keys 8 16 24 32 48 100000
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from newstrace.provenance import (
    BlockConfig,
    StoryConfig,
    adjusted_rand_index,
    blocked_stories,
    cluster_stories,
)
from newstrace.records import Article

DATA = Path(__file__).resolve().parent.parent / "data" / "ecbplus" / "ecbplus_docs.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-block", type=int, default=200)
    parser.add_argument("--max-keys", type=int, nargs="+", default=[24])
    args = parser.parse_args()
    with DATA.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    documents = [(i, Article(id=r["doc_id"], text=r["text"])) for i, r in enumerate(records)]
    gold = {r["doc_id"]: r["subtopic"] for r in records}
    unsplit = cluster_stories([a for _, a in documents], [], StoryConfig())
    print(f"unsplit: ARI against gold {adjusted_rand_index(unsplit, gold):.4f}")
    for keys in args.max_keys:
        started = time.perf_counter()
        config = BlockConfig(max_block=args.max_block, max_keys=keys)
        rows = blocked_stories(documents, [], StoryConfig(), config)
        found = {r.doc_id: r.story_id for r in rows}
        cut = sum(len({r.block for r in rows if gold[r.doc_id] == event}) > 1 for event in set(gold.values()))
        print(
            f"max_keys {keys}: {len({r.block for r in rows})} blocks, {cut} of {len(set(gold.values()))} "
            f"events cut, ARI against gold {adjusted_rand_index(found, gold):.4f}, against unsplit "
            f"{adjusted_rand_index(found, unsplit):.4f} ({time.perf_counter() - started:.1f} s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
