"""Lazy imports of the optional image libraries, with the install hint when missing."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

_PACKAGES = {"pdqhash": "pdqhash", "cv2": "opencv-python-headless", "av": "av", "PIL": "pillow"}


def need(module: str) -> Any:
    """Import an optional module of the ``images`` extra or say how to install it."""
    try:
        mod: ModuleType = importlib.import_module(module)
    except ImportError as exc:
        package = _PACKAGES.get(module.split(".")[0], module)
        raise ImportError(f'the image stage needs {package}: pip install "newstrace[images]"') from exc
    return mod
