"""SIGKILL during ingest, indexing and alignment: the store stays sound and resumes exactly.

The budget is ``NEWSTRACE_CRASH_SECONDS`` (default 30) over ``NEWSTRACE_CRASH_DOCS`` ECB+
documents (default 60), plus 220 unrelated short documents, the seeds and the golden
HTML/WARC articles; a longer soak: ``python -m tests.reliability.crash_harness --seconds 600
--docs 982``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.reliability.crash_harness import STAGES, soak


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_random_sigkills_leave_a_sound_store_that_resumes_to_the_clean_result(tmp_path: Path) -> None:
    seconds = float(os.environ.get("NEWSTRACE_CRASH_SECONDS", "30"))
    docs = int(os.environ.get("NEWSTRACE_CRASH_DOCS", "60"))
    summary = soak(tmp_path, seconds, docs, seed=int(os.environ.get("NEWSTRACE_CRASH_SEED", "7")))
    print(summary)
    assert summary.links > 0, "the corpus must produce reuse links for the test to mean anything"
    assert summary.kills >= len(STAGES)
    landed = set(summary.kills_by_stage)
    # every stage's resume path was exercised (startup kills are extra)
    assert set(STAGES) <= landed, f"kills landed only in {sorted(landed)}: {summary}"
