"""Fixtures of the claims tests: the spaCy pipeline (the nlp extra) and the seeds' claims."""

from __future__ import annotations

from typing import Any

import pytest
from tests.conftest import COPY, SOURCE, read_text

from newstrace.claims import Claim, NLPUnavailable, article_claims, load_pipeline


@pytest.fixture(scope="session")
def nlp() -> Any:
    try:
        return load_pipeline()
    except NLPUnavailable as exc:  # `make test` installs the extra; a bare venv may not have it
        pytest.skip(f"SKIPPED LOUDLY: the nlp extra is not installed ({exc})")


@pytest.fixture(scope="session")
def seed_claims(nlp: Any) -> dict[str, tuple[str, list[Claim]]]:
    """{"004": (text, claims), "000": (text, claims)}."""
    out = {}
    for key, path in (("004", SOURCE), ("000", COPY)):
        text = read_text(path)
        out[key] = (text, article_claims(path.name, text, nlp))
    return out
