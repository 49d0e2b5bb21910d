"""PDQ perceptual hashes with their eight flip/rotation variants, and multi-index keys.

A hash is 32 bytes (256 bits). The index splits it into 16 chunks of 16 bits: two hashes
within Hamming distance 31 agree within one bit on at least one chunk (pigeonhole), so
probing each chunk's value and its 16 one-bit neighbours finds every match up to 31 without
reading every stored hash (multi-index hashing, Norouzi et al. 2012).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newstrace.images._deps import need

__all__ = [
    "CHUNKS",
    "VARIANTS",
    "PdqHash",
    "hamming",
    "hamming_many",
    "mih_keys",
    "pdq_hash",
    "pdq_variants",
    "probe_keys",
    "transform",
]

CHUNKS = 16
_CHUNK_BITS = 16
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


def _chunks(bits: bytes) -> list[int]:
    return [int.from_bytes(bits[2 * i : 2 * i + 2], "big") for i in range(CHUNKS)]


def mih_keys(bits: bytes) -> list[int]:
    """The 16 index keys of a stored hash: ``chunk_number << 16 | chunk_value``."""
    return [(i << _CHUNK_BITS) | v for i, v in enumerate(_chunks(bits))]


def probe_keys(bits: bytes, radius: int = 1) -> list[int]:
    """The keys to look up for a query hash: each chunk's value and its neighbours.

    With ``radius`` 1 (17 probes per chunk, 272 in all) every stored hash within distance
    ``2 * CHUNKS - 1 = 31`` is among the results.
    """
    if radius not in (0, 1):
        raise ValueError("probe radius must be 0 or 1")
    keys: list[int] = []
    for i, v in enumerate(_chunks(bits)):
        base = i << _CHUNK_BITS
        keys.append(base | v)
        if radius:
            keys.extend(base | (v ^ (1 << b)) for b in range(_CHUNK_BITS))
    return keys
