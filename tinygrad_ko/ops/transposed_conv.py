"""Transposed convolution (``conv_transpose2d``), the adjoint of conv2d: what conv2d's backward
does to the upstream gradient, used as a layer that enlarges images.

Built from recorded ops — a matmul with the filters, then col2im (7장 7.4.3: it adds each column
back where its window sat) — so its gradients of every order exist: its input gradient is a
convolution (im2col and a matmul), exactly as conv2d's input gradient is this op.
"""

from __future__ import annotations

import numpy as np

from .conv import Col2im, pair
from .operands import lift, tensor_function


def transposed_output_size(hw, kernel, stride, padding, output_padding):
    """H_out = (H - 1)·S - 2P + KH + output_padding (PyTorch's definition), per axis."""
    return tuple((n - 1) * s - 2 * p + k + o
                 for n, k, s, p, o in zip(hw, kernel, stride, padding, output_padding))


@tensor_function("conv_transpose2d")
def conv_transpose2d(x, W, b=None, stride=1, padding=0, output_padding=0):
    """x (N, C_in, H, W) with filters W (C_in, C_out, KH, KW) and bias b (C_out,) →
    (N, C_out, H_out, W_out), H_out = (H - 1)·stride - 2·padding + KH + output_padding —
    PyTorch's ``conv_transpose2d`` (no groups or dilation)."""
    W = lift(W, x)
    stride, padding = pair(stride, "stride"), pair(padding, "padding")
    output_padding = pair(output_padding, "output_padding")
    _check(x, W, b, stride, padding, output_padding)
    n, c_in, h, w = x.shape
    c_out, kernel = W.shape[1], W.shape[2:]
    out_hw = transposed_output_size((h, w), kernel, stride, padding, output_padding)
    if min(out_hw) < 1:
        raise ValueError(f"conv_transpose2d: the output would be {out_hw[0]}×{out_hw[1]} "
                         f"((H - 1)·S - 2P + K + output_padding); use less padding")
    x_flat = x.transpose((1, 0, 2, 3)).reshape((c_in, n * h * w))
    columns = W.reshape((c_in, -1)).T @ x_flat  # (C_out·KH·KW, N·H·W)
    y = Col2im.apply(columns, x_shape=(n, c_out) + out_hw, kernel=kernel, stride=stride,
                     padding=padding)
    return y if b is None else y + lift(b, x).reshape((1, c_out, 1, 1))


def _check(x, W, b, stride, padding, output_padding):
    if x.ndim != 4:
        raise ValueError(f"conv_transpose2d expects images of shape (N, C_in, H, W), got {x.shape}")
    if W.ndim != 4:
        raise ValueError(f"conv_transpose2d expects filters of shape (C_in, C_out, KH, KW), got "
                         f"{W.shape}")
    if W.shape[0] != x.shape[1]:
        raise ValueError(
            f"conv_transpose2d channel mismatch: input {x.shape} has C_in={x.shape[1]} channels "
            f"but the filters {W.shape} expect {W.shape[0]}; transposed-convolution filters are "
            f"(C_in, C_out, KH, KW) — the first axis is the input's channels (conv2d's is the "
            f"output's)")
    if b is not None and tuple(np.shape(b._data if hasattr(b, "_data") else b)) != (W.shape[1],):
        raise ValueError(f"conv_transpose2d bias must have shape (C_out,) = ({W.shape[1]},), got "
                         f"{np.shape(b._data if hasattr(b, '_data') else b)}")
    if min(stride) < 1 or min(padding) < 0:
        raise ValueError(f"conv_transpose2d: stride must be >= 1 and padding >= 0, got stride "
                         f"{stride}, padding {padding}; e.g. stride=2, padding=1")
    check_output_padding(output_padding, stride, "conv_transpose2d")


def check_output_padding(output_padding, stride, op: str) -> None:
    """0 <= output_padding < stride on each axis (pairs of ints), as PyTorch requires."""
    if any(not 0 <= o < s for o, s in zip(output_padding, stride)):
        raise ValueError(f"{op}: output_padding {output_padding} must be smaller than "
                         f"the stride {stride} (it only picks among the output sizes that "
                         f"stride maps to the same input size)")
