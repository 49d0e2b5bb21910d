"""Without the nlp extra the claims commands say how to install it and exit non-zero."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner
from tests.conftest import SOURCE

from newstrace.claims import INSTALL_HINT, NLPUnavailable, load_pipeline
from newstrace.cli import cli


@pytest.fixture()
def no_spacy(monkeypatch):
    load_pipeline.cache_clear()
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy now raises ImportError
    yield
    load_pipeline.cache_clear()


def test_load_pipeline_raises_with_the_install_command(no_spacy):
    with pytest.raises(NLPUnavailable, match=r"pip install 'newstrace\[nlp\]'"):
        load_pipeline()


def test_claims_command_exits_cleanly_with_the_hint(no_spacy):
    result = CliRunner().invoke(cli, ["claims", str(SOURCE), "--format", "jsonl"])
    assert result.exit_code == 1
    assert INSTALL_HINT in result.output and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
