"""Durable writes of the index's files: an array is on disk before the manifest names it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["fsync_dir", "save_array", "write_json_atomic"]


def save_array(path: Path, array: npt.NDArray[Any]) -> None:
    """Write ``array`` as ``.npy`` and fsync it."""
    with open(path, "wb") as fh:
        np.save(fh, array, allow_pickle=False)
        fh.flush()
        os.fsync(fh.fileno())


def fsync_dir(directory: Path) -> None:
    """Make the directory's entries (new and renamed files) durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_json_atomic(path: Path, state: Any) -> None:
    """Replace ``path`` by ``state`` as JSON atomically: a temporary file, fsync'd, renamed
    over it, and the directory fsync'd (a crash leaves the old or the new file, whole)."""
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(state, fh, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)
