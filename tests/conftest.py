"""Shared fixtures: the bundled seed articles and their hand-checked answer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "data" / "seeds"
SOURCE = SEEDS / "004_5d9cfa0761f81c81.txt"
COPY = SEEDS / "000_fc4f809c70dd1bba.txt"


def read_text(path: Path) -> str:
    """A file's text as the tools see it: bytes decoded as UTF-8, newlines untouched."""
    return path.read_bytes().decode("utf-8")


@pytest.fixture(scope="session")
def seed_texts() -> tuple[str, str]:
    """(source 004, copy 000)."""
    return read_text(SOURCE), read_text(COPY)


@pytest.fixture(scope="session")
def seed_expected() -> dict[str, Any]:
    return json.loads((REPO / "tests" / "golden" / "expected" / "seeds.json").read_text("utf-8"))
