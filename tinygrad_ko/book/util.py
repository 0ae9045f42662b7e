"""The book's ``common/util.py``: curve smoothing, shuffling, the conv output size, im2col/col2im."""

from __future__ import annotations

import numpy as np

from ..ops import col2im, im2col

__all__ = ["col2im", "conv_output_size", "im2col", "shuffle_dataset", "smooth_curve"]

_WINDOW = 11  # the book smooths loss curves with an 11-point Kaiser window (beta 2)


def smooth_curve(x):
    """A loss curve smoothed by an 11-point Kaiser window (beta 2), as long as the input.

    The ends are extended by mirroring (10 points each side, as the book does), so the first and
    last values are smoothed too."""
    values = np.asarray(x, dtype=np.float64).reshape(-1)
    if values.size == 0:
        raise ValueError("smooth_curve got an empty curve; pass at least one value")
    half = _WINDOW - 1
    padded = np.pad(np.pad(values, (half, 0), mode="reflect"), (0, half), mode="symmetric")
    weights = np.kaiser(_WINDOW, 2)
    smoothed = np.convolve(weights / weights.sum(), padded, mode="valid")
    return smoothed[_WINDOW // 2:_WINDOW // 2 + values.size]


def shuffle_dataset(x, t):
    """``x`` and ``t`` in one random order (NumPy's global generator, so np.random.seed applies)."""
    x, t = np.asarray(x), np.asarray(t)
    if len(x) != len(t):
        raise ValueError(f"shuffle_dataset: x has {len(x)} samples but t has {len(t)}; they must "
                         f"pair up one to one")
    order = np.random.permutation(len(x))
    return x[order], t[order]


def conv_output_size(input_size, filter_size, stride=1, pad=0):
    """(H + 2P - FH) / S + 1 — a float, as in the book; not a whole number means the sizes misfit."""
    return (input_size + 2 * pad - filter_size) / stride + 1
