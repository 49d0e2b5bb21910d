"""PDQ perceptual hashes with their eight flip/rotation variants.

A hash is 32 bytes (256 bits); :mod:`newstrace.images.mih` indexes them. The 8 variants come
from one ``pdqhash.compute_dihedral`` call (measured: about the cost of one plain hash), not
from 8 hashings of transformed pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newstrace.images._deps import need

__all__ = [
    "VARIANTS",
    "PdqHash",
    "hamming",
    "hamming_many",
    "pdq_hash",
    "pdq_variants",
    "transform",
]

VARIANTS: tuple[str, ...] = (
    "identity", "rot90", "rot180", "rot270", "flip_v", "flip_h", "transpose", "antitranspose",
)  # fmt: skip
"""The order of ``pdqhash.compute_dihedral``'s outputs (checked in the tests)."""

RGB = npt.NDArray[np.uint8]


@dataclass(frozen=True, slots=True)
class PdqHash:
    """A 256-bit PDQ hash (32 bytes, most significant bit first) with its quality (0..100)."""

    bits: bytes
    quality: int

    @property
    def hex(self) -> str:
        """The hash as 64 hex digits (PDQ's usual text form)."""
        return self.bits.hex()


def _pack(bits: npt.NDArray[np.int64]) -> bytes:
    return np.packbits(np.asarray(bits, dtype=np.uint8)).tobytes()


def pdq_hash(rgb: RGB) -> PdqHash:
    """The PDQ hash of an RGB picture (``H x W x 3`` uint8)."""
    pdqhash = need("pdqhash")
    bits, quality = pdqhash.compute(np.ascontiguousarray(rgb))
    return PdqHash(_pack(bits), int(quality))


def pdq_variants(rgb: RGB) -> list[PdqHash]:
    """The hashes of the picture under its 8 flips/rotations, in :data:`VARIANTS` order."""
    pdqhash = need("pdqhash")
    hashes, quality = pdqhash.compute_dihedral(np.ascontiguousarray(rgb))
    return [PdqHash(_pack(h), int(quality)) for h in hashes]


def transform(rgb: RGB, variant: str) -> RGB:
    """Apply one of the :data:`VARIANTS` to a picture (so it lines up with a stored one)."""
    ops = {
        "identity": lambda a: a,
        "rot90": lambda a: np.rot90(a, 1),
        "rot180": lambda a: np.rot90(a, 2),
        "rot270": lambda a: np.rot90(a, 3),
        "flip_v": lambda a: a[::-1],
        "flip_h": lambda a: a[:, ::-1],
        "transpose": lambda a: a.transpose(1, 0, 2),
        "antitranspose": lambda a: np.rot90(a, 2).transpose(1, 0, 2),
    }
    if variant not in ops:
        raise ValueError(f"unknown variant {variant!r}; one of {', '.join(VARIANTS)}")
    return np.ascontiguousarray(ops[variant](rgb))


def hamming(a: bytes, b: bytes) -> int:
    """Bits that differ between two hashes of equal length."""
    return (int.from_bytes(a, "big") ^ int.from_bytes(b, "big")).bit_count()


def hamming_many(query: bytes, stored: Sequence[bytes]) -> npt.NDArray[np.int64]:
    """Distances from one hash to many (vectorised)."""
    if not stored:
        return np.zeros(0, dtype=np.int64)
    q = np.frombuffer(query, dtype=np.uint64)
    table = np.frombuffer(b"".join(stored), dtype=np.uint64).reshape(len(stored), -1)
    counts: npt.NDArray[np.int64] = np.bitwise_count(table ^ q).sum(axis=1).astype(np.int64)
    return counts
