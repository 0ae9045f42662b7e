"""Convolution and pooling on (N, C, H, W) images, as the book's chapter 7 (7.2–7.4) teaches.

conv2d is im2col → one matmul → reshape; its backward is a matmul and col2im (a *sum*, since
windows overlap).  im2col reads the padded image through a strided view (no copy until the one
reshape into the column matrix); col2im and the pools loop only over the FH×FW kernel offsets,
each step a whole-array NumPy operation over the batch.
"""

from __future__ import annotations

import os

import numpy as np

from ..autograd.function import Function
from ..autograd.state import GraphState
from . import cores, dual
from .half import in_float32, max_pool_on_sort_keys, widen


# --- sizes and checks --------------------------------------------------------------------------
def pair(value, what: str) -> tuple[int, int]:
    """An int or an (h, w) pair of ints, checked (floats and bools are refused, as PyTorch does)."""
    hw = (value, value) if _is_int(value) else tuple(value) if isinstance(
        value, (tuple, list, np.ndarray)) else None
    if hw is None or len(hw) != 2 or not all(_is_int(v) for v in hw):
        raise TypeError(f"{what} must be an int or a pair of ints (height, width), got {value!r} "
                        f"({type(value).__name__}); write e.g. {what}=1 or {what}=(1, 2) (a computed "
                        f"value: {what}=int(round(v)))")
    return int(hw[0]), int(hw[1])


def _is_int(v) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def output_size(in_shape, kernel, stride, padding, op: str) -> tuple[int, int]:
    """OH = (H + 2P - FH) // S + 1, floored as in the book's pooling (7장 7.4.4) and the lecture
    notes' example (7×7, 2×2, s2 → 3×3)."""
    check_geometry(kernel, stride, padding, op)
    (fh, fw), (sh, sw), (ph, pw) = kernel, stride, padding
    h, w = in_shape[-2:]
    oh, ow = (h + 2 * ph - fh) // sh + 1, (w + 2 * pw - fw) // sw + 1
    if oh < 1 or ow < 1:
        raise ValueError(
            f"{op}: a {fh}×{fw} kernel does not fit an input of {h}×{w} with padding {padding}: "
            f"OH = (H + 2P - FH) // S + 1 = ({h} + 2·{ph} - {fh}) // {sh} + 1 = {oh}, "
            f"OW = ({w} + 2·{pw} - {fw}) // {sw} + 1 = {ow}; the output must be at least 1×1. "
            f"Fix: use a smaller kernel, more padding, or a larger input.")
    return oh, ow


def check_geometry(kernel, stride, padding, op: str) -> None:
    """Kernel and stride positive, padding not negative (pairs; also used by the nn layers when built)."""
    if min(kernel) < 1:
        raise ValueError(f"{op}: kernel size must be positive, got {kernel}; use kernel_size >= 1, "
                         f"e.g. kernel_size=2")
    if min(stride) < 1:
        raise ValueError(f"{op}: stride must be a positive integer, got {stride}; use stride >= 1")
    if min(padding) < 0:
        raise ValueError(f"{op}: padding must be >= 0, got {padding}; use padding=0 or more "
                         f"(to crop, slice the input: x[:, :, 1:-1, 1:-1])")


def check_image(x: np.ndarray, op: str) -> None:
    if x.ndim != 4:
        raise ValueError(f"{op} expects images of shape (N, C, H, W), got shape {x.shape}; "
                         f"add the missing axes, e.g. x.reshape(1, 1, H, W) for one grey image")


def pad_image(x: np.ndarray, padding, value=0) -> np.ndarray:
    ph, pw = padding
    if ph == 0 and pw == 0:
        return x
    n, c, h, w = x.shape
    xp = np.full((n, c, h + 2 * ph, w + 2 * pw), value, dtype=x.dtype)
    xp[:, :, ph:ph + h, pw:pw + w] = x
    return xp


def window_slice(i, j, out_hw, stride):
    """The strided slice of the padded image that kernel offset (i, j) touches for every output."""
    (oh, ow), (sh, sw) = out_hw, stride
    return (slice(None), slice(None), slice(i, i + sh * (oh - 1) + 1, sh),
            slice(j, j + sw * (ow - 1) + 1, sw))


def in_memory_order_of(like: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``a`` (same shape as ``like``) laid out in memory like ``like``: a copy only if it is not."""
    if np.array_equal(np.argsort(a.strides), np.argsort(like.strides)):
        return a
    same = np.empty_like(like, dtype=a.dtype)
    same[...] = a
    return same


def unpad(xp: np.ndarray, padding) -> np.ndarray:
    ph, pw = padding
    return xp[:, :, ph:xp.shape[2] - ph, pw:xp.shape[3] - pw]


# --- im2col / col2im ----------------------------------------------------------------------------
# The engine keeps the column matrix transposed, as (C·FH·FW, N·OH·OW): filling it is one copy per
# kernel offset whose inner rows are contiguous in both arrays, and the book's layout (7.4.3)
# (N·OH·OW, C·FH·FW) is then just its transpose — a view, no copy.
def columns(x: np.ndarray, kernel, stride, padding, out_hw, ones_row=False,
            out=None) -> np.ndarray:
    """(N, C, H, W) → (C·FH·FW, N·OH·OW), looping only over the FH×FW kernel offsets; with
    ``ones_row`` one more row of ones below (conv2d's bias rides along in its matrix products).
    ``out``: a (rows, N·OH·OW) matrix to fill instead of a new array."""
    n, c = x.shape[:2]
    (fh, fw), (oh, ow) = kernel, out_hw
    rows = c * fh * fw
    cols = np.empty((rows + bool(ones_row), n * oh * ow), dtype=x.dtype) if out is None else out
    if tuple(stride) == (1, 1) and ow == x.shape[3]:
        shifted_columns(x, cols[:rows], kernel, padding, out_hw)
    else:
        xp = pad_image(x, padding)
        blocks = cols[:rows].reshape((c, fh, fw, n, oh, ow), copy=False)  # a view, never a copy
        for i, j in np.ndindex(fh, fw):
            blocks[:, i, j] = xp[window_slice(i, j, out_hw, stride)].transpose(1, 0, 2, 3)
    if ones_row:
        cols[rows] = 1
    return cols


def shifted_columns(x, cols, kernel, padding, out_hw) -> None:
    """``columns`` for stride 1 and OW = W ("same" width, e.g. 3×3 with padding 1): an output row
    is as long as an image row, so kernel offset (i, j) reads each image channel flattened,
    shifted by (i - PH)·W + (j - PW).  One copy of runs OH·OW long per offset, then zeros where the
    shift leaves the image (rows above and below, and the columns that wrapped into the next or
    previous row), instead of a padded copy and runs OW long: W5 0.94-0.97× the time (3 runs)."""
    n, c, h, w = x.shape
    (fh, fw), (ph, pw), (oh, ow) = kernel, padding, out_hw
    image = x.reshape(n, c, h * w).transpose(1, 0, 2)
    blocks = cols.reshape((c, fh, fw, n, oh * ow), copy=False)
    for i, j in np.ndindex(fh, fw):
        shift = (i - ph) * w + (j - pw)
        lo = min(max(0, -shift), oh * ow)
        hi = max(lo, min(oh * ow, h * w - shift))
        block = blocks[:, i, j]
        block[..., lo:hi] = image[..., lo + shift:hi + shift]
        block[..., :lo] = 0
        block[..., hi:] = 0
        wrapped = slice(0, min(pw - j, w)) if j < pw else slice(max(w - (j - pw), 0), w)
        if j != pw:
            block.reshape((c, n, oh, ow), copy=False)[..., wrapped] = 0


def columns_to_image(cols: np.ndarray, x_shape, kernel, stride, padding, out_hw,
                     out=None) -> np.ndarray:
    """Adjoint of ``columns``: add each column back where it came from (overlaps are summed).

    The sum is built in (C, N, H, W) memory order, the columns' own, and returned as an
    (N, C, H, W) view: twice as fast as scattering across the two layouts.  ``out``: a zeroed
    padded (N, C, H + 2P, W + 2P) view of (C, N, ...) memory to add into instead of a new one."""
    n, c, h, w = x_shape
    (fh, fw), (oh, ow) = kernel, out_hw
    cols = cols.reshape(c, fh, fw, n, oh, ow)
    xp = out if out is not None else np.zeros(
        (c, n, h + 2 * padding[0], w + 2 * padding[1]), dtype=cols.dtype).transpose(1, 0, 2, 3)
    for i, j in np.ndindex(fh, fw):
        xp[window_slice(i, j, out_hw, stride)] += cols[:, i, j].transpose(1, 0, 2, 3)
    return unpad(xp, padding)


# With a one-thread BLAS, large column matrices (more than STORED_COLUMNS_BYTES) are built in
# blocks of whole images that fit in the L2 cache, all in one scratch matrix: im2col writes a block
# and the products (and col2im) read it while it is still there; they are never stored, backward
# builds them again.  W5 (29 MB of columns; Xeon, one BLAS thread, alternating in one process):
# 0.90-0.94× the time (blocks of 2 MB or 8 MB: no gain; blocks as parts of one stored matrix:
# 1.1× slower, its 29 MB still go out to memory).  Smaller ones (W4: 6 MB) are built whole and
# kept: rebuilding them made a W4 step 1.04-1.09× slower.  With a multi-threaded BLAS the three
# products per block each wake and wait for its threads: with two threads W5 took 1.13× the time
# of the whole matrix (one other job on the machine), 2.5-3.6× on a busier machine; so blocks only
# when the BLAS runs one thread.
COLUMN_BLOCK_BYTES = 2**22
STORED_COLUMNS_BYTES = 2**24


def blas_runs_one_thread(environ=os.environ) -> bool:
    """Is OpenBLAS (or an OpenMP BLAS) told to run one thread?  Read as OpenBLAS reads it when
    NumPy loads it: the first of OPENBLAS_NUM_THREADS, GOTO_NUM_THREADS, OMP_NUM_THREADS that is
    set; or a machine with one CPU.  Unknown means several threads (no blocks: the safe side)."""
    for name in ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"):
        if environ.get(name, "").strip():
            return environ[name].strip() == "1"
    return os.cpu_count() == 1


ONE_BLAS_THREAD = blas_runs_one_thread()


def column_blocks(rows: int, n: int, per_image: int, dtype):
    """Cut a batch of ``n`` images into blocks of whole images whose (rows, images·OH·OW) column
    matrix takes about COLUMN_BLOCK_BYTES; one block when all of it takes at most
    STORED_COLUMNS_BYTES or the BLAS runs several threads.  Yields (images, part, block): the
    block's slice of the batch, its slice of the N·OH·OW axis, and a matrix for its columns (the
    same memory for every block)."""
    per_image_bytes = max(1, rows * per_image * np.dtype(dtype).itemsize)
    whole = per_image_bytes * n <= STORED_COLUMNS_BYTES or not ONE_BLAS_THREAD
    step = max(n, 1) if whole else min(max(1, COLUMN_BLOCK_BYTES // per_image_bytes), max(n, 1))
    scratch = np.empty(rows * per_image * step, dtype=dtype)
    for start in range(0, max(n, 1), step):
        stop = min(start + step, n)
        yield slice(start, stop), slice(per_image * start, per_image * stop), scratch[
            :rows * per_image * (stop - start)].reshape(rows, per_image * (stop - start))


def filters_first(dy: np.ndarray) -> np.ndarray:
    """dY (N, FN, OH, OW) as the (FN, N·OH·OW) matrix: a view when dY is in conv2d's output
    memory order (FN, N, OH, OW), else a copy made in slabs of images on every core (W5's 6.4 MB:
    0.7 ms in one piece, 0.5 ms on two cores)."""
    t = dy.transpose((1, 0, 2, 3))
    if t.flags.c_contiguous:
        return t.reshape((t.shape[0], -1))
    out = np.empty(t.shape, dtype=dy.dtype)
    cores.over_rows(len(dy), lambda images: np.copyto(out[:, images], t[:, images]), dy.size)
    return out.reshape((t.shape[0], -1))


def per_image_filter_gradient(rows: int, filters: int) -> bool:
    """Is dW of this filter (FN × rows of the columns) faster as one product per image, summed?
    (W4: 30 × 26, 1.73 → 1.03 ms; W5: 32 × 144 is 1.3-1.7× slower that way)"""
    return rows * filters <= 1024


def filter_gradient(cols, dy_flat, n):
    """dY · colsᵀ (FN, rows of cols), a product over the long axis N·OH·OW, in the order OpenBLAS
    runs fastest.  Arrays or Tensors (reshape, transpose, @ and sum only): the graph pass's
    formula; the array pass (Conv2d.backward_block) computes the same in slabs of images."""
    rows, fn = cols.shape[0], dy_flat.shape[0]
    if per_image_filter_gradient(rows, fn) and n:  # (an empty batch has no image to split by)
        # small filters (W4: 30 × 26): one (FN, OH·OW)·(OH·OW, rows) product per image, then the
        # sum over images: 1.73 → 1.03 ms CPU time on W4's shapes (Xeon, min of 15); larger
        # filters (W5: 32 × 144) are 1.3-1.7× slower this way
        p = cols.shape[1] // n
        per_image = (dy_flat.reshape((fn, n, p)).transpose((1, 0, 2))
                     @ cols.reshape((rows, n, p)).transpose((1, 2, 0)))
        return per_image.sum(axis=0)
    # (cols · dYᵀ)ᵀ rather than dY · colsᵀ: 8.8 → 7.0 ms CPU time on W5's shapes (min of 25)
    return (cols @ dy_flat.T).T


def filter_size(filter_h, filter_w, op: str) -> tuple[int, int]:
    """The book's separate filter_h, filter_w arguments as a checked (FH, FW) pair of ints."""
    for name, value in (("filter_h", filter_h), ("filter_w", filter_w)):
        if not _is_int(value):
            raise TypeError(f"{op}: {name} must be an int, got {value!r} ({type(value).__name__}); "
                            f"write e.g. {name}=5 (a computed value: int(round(v)))")
    return int(filter_h), int(filter_w)


def im2col(input_data, filter_h, filter_w, stride=1, pad=0) -> np.ndarray:
    """The book's im2col (7장 7.4.3): (N, C, H, W) → (N·OH·OW, C·FH·FW), one row per output pixel."""
    x = np.asarray(input_data)
    check_image(x, "im2col")
    kernel = filter_size(filter_h, filter_w, "im2col")
    strides, padding = pair(stride, "stride"), pair(pad, "pad")
    out_hw = output_size(x.shape, kernel, strides, padding, "im2col")
    return columns(x, kernel, strides, padding, out_hw).T


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0) -> np.ndarray:
    """The book's col2im (7장 7.4.3): (N·OH·OW, C·FH·FW) → (N, C, H, W), summing where windows overlap."""
    # the graph op's forward checks input_shape and the columns' shape against the geometry
    kernel = filter_size(filter_h, filter_w, "col2im")
    strides, padding = pair(stride, "stride"), pair(pad, "pad")
    return Col2im(input_shape, kernel, strides, padding).forward(np.asarray(col).T)


# --- im2col / col2im as graph ops (each the other's backward) ---------------------------------
class Im2col(Function):
    """x (N, C, H, W) → columns (C·FH·FW, N·OH·OW), the engine's layout of the book's im2col
    (7장 7.4.3; the book's (N·OH·OW, C·FH·FW) matrix is its transpose).  Backward: col2im."""

    symbol = "im2col"

    def __init__(self, kernel, stride=1, padding=0):
        super().__init__()
        self.kernel, self.stride = pair(kernel, "kernel_size"), pair(stride, "stride")
        self.padding = pair(padding, "padding")

    def forward(self, x):
        check_image(x, "im2col")
        self.x_shape = x.shape
        self.out_hw = output_size(x.shape, self.kernel, self.stride, self.padding, "im2col")
        return columns(x, self.kernel, self.stride, self.padding, self.out_hw)

    def backward(self, dcols):
        return (dual.apply_op(Col2im, dcols, x_shape=self.x_shape, kernel=self.kernel,
                              stride=self.stride, padding=self.padding),)


class Col2im(Function):
    """columns (C·FH·FW, N·OH·OW) → image (N, C, H, W), summing where windows overlap (the
    adjoint of Im2col, 7장 7.4.3's col2im).  Backward: im2col."""

    symbol = "col2im"

    def __init__(self, x_shape, kernel, stride=1, padding=0):
        super().__init__()
        self.x_shape, self.kernel = tuple(x_shape), pair(kernel, "kernel_size")
        self.stride, self.padding = pair(stride, "stride"), pair(padding, "padding")

    def forward(self, cols):
        if len(self.x_shape) != 4:
            raise ValueError(f"col2im: input_shape must be (N, C, H, W), got {self.x_shape}")
        out_hw = output_size(self.x_shape, self.kernel, self.stride, self.padding, "col2im")
        n, c = self.x_shape[:2]
        expected = (c * self.kernel[0] * self.kernel[1], n * out_hw[0] * out_hw[1])
        if cols.shape != expected:
            raise ValueError(
                f"col2im: columns of shape {cols.T.shape} do not fit input_shape {self.x_shape} with "
                f"a {self.kernel} kernel, stride {self.stride}, padding {self.padding}; expected "
                f"(N·OH·OW, C·FH·FW) = {expected[::-1]}")
        return columns_to_image(cols, self.x_shape, self.kernel, self.stride, self.padding, out_hw)

    def backward(self, dx):
        return (dual.apply_op(Im2col, dx, kernel=self.kernel, stride=self.stride,
                              padding=self.padding),)


# --- ops -----------------------------------------------------------------------------------------
class Conv2d(Function):
    """y = W · im2col(x) + b.  dW = dY · colᵀ, db = Σ dY, dx = col2im(Wᵀ · dY) (7장 7.4).

    The output is returned as a view of the (FN, N, OH, OW) product: no copy; element-wise ops keep
    that memory order, so backward reads dY back as a (FN, N·OH·OW) matrix for free.  float16
    images and filters are multiplied in float32 and the result stored in float16.
    """

    symbol = "conv2d"

    def __init__(self, stride=1, padding=0):
        super().__init__()
        self.stride, self.padding = pair(stride, "stride"), pair(padding, "padding")

    def forward(self, x, w, b=None):
        check_conv_shapes(x, w, b)
        out_dtype = np.result_type(x.dtype, w.dtype)
        if out_dtype == np.float16:  # float16 is storage: compute in float32
            x, w = widen(x), widen(w)
            b = None if b is None else widen(b)
        fn = w.shape[0]
        self.x_shape, self.w_shape = x.shape, w.shape
        self.out_hw = output_size(x.shape, w.shape[2:], self.stride, self.padding, "conv2d")
        w_flat = w.reshape(fn, -1)
        # b is one more column of W against the ones row of cols: the product adds it
        # (no pass over the output: 0.4 ms per W4 step) and backward's dW product gives db
        w_mat = w_flat if b is None else np.concatenate(
            [w_flat, b[:, None].astype(w_flat.dtype)], axis=1)
        self.bias, per_image = b is not None, self.out_hw[0] * self.out_hw[1]
        out = np.empty((fn, x.shape[0] * per_image), dtype=np.result_type(w_mat, x))
        for images, part, block in column_blocks(w_mat.shape[1], x.shape[0], per_image, x.dtype):
            self.forward_block(x[images], w_mat, block, out[:, part])
        # the images, and the columns when they were built whole (one block: not rebuilt)
        self.save(x, w_flat, *([block] if part.stop - part.start == out.shape[1] else []))
        out = out.reshape((fn, x.shape[0]) + self.out_hw).transpose(1, 0, 2, 3)
        return out.astype(out_dtype, copy=False)

    def forward_block(self, x, w_mat, cols, out) -> None:
        """The columns of images ``x`` into ``cols`` and W·cols into ``out`` (FN, images·OH·OW),
        a slab of images per core (ops/cores.py), each core multiplying the columns it built
        (with backward_block's slabs: W4 12.1-13.9 → 9.7-10.6 ms, W5 17.6-18.9 → 13.4-14.5 ms,
        Xeon, two cores, single fresh processes)."""
        per_image = self.out_hw[0] * self.out_hw[1]

        def build_and_multiply(images):
            part = slice(images.start * per_image, images.stop * per_image)
            columns(x[images], self.w_shape[2:], self.stride, self.padding, self.out_hw,
                    ones_row=self.bias, out=cols[:, part])
            np.matmul(w_mat, cols[:, part], out=out[:, part])
        cores.over_rows(len(x), build_and_multiply, cols.size, products=True)

    def graph_saved(self, inputs, output):
        x, w = inputs[0], inputs[1]
        cols = Im2col.apply(x, kernel=self.w_shape[2:], stride=self.stride, padding=self.padding)
        return cols, w.reshape((self.w_shape[0], -1))

    def backward(self, dy):
        saved, w_flat, *columns_kept = self.saved  # fast pass: the images; graph pass: columns
        k = w_flat.shape[1]
        needs_x, needs_w = self.needs_input_grad[:2]
        needs_b = len(self.needs_input_grad) == 3 and self.needs_input_grad[2]
        dw = db = dx = dwb = None
        if dual.is_array(dy):  # block by block of images
            dwb, dx = self.backward_in_blocks(saved, w_flat, dy, needs_x, needs_w, columns_kept)
        else:  # the graph pass (create_graph=True): the same formulas, recorded
            dy_flat = dy.transpose((1, 0, 2, 3)).reshape((self.w_shape[0], -1))  # (FN, N·OH·OW)
            if needs_w:
                dwb = filter_gradient(saved, dy_flat, self.x_shape[0])
            if needs_x:  # skipped for input images: nobody needs their gradient
                dx = dual.apply_op(Col2im, w_flat.T @ dy_flat, x_shape=self.x_shape,
                                   kernel=self.w_shape[2:], stride=self.stride, padding=self.padding)
        if dwb is not None:  # with a bias, the fast pass's columns end in a ones row: db
            dw = (dwb if dwb.shape[1] == k else dwb[:, :k]).reshape(self.w_shape)
            db = dwb[:, k] if needs_b and dwb.shape[1] > k else None
        if needs_b and db is None:
            db = dy.sum(axis=(0, 2, 3))
        return (dx, dw, db) if len(self.needs_input_grad) == 3 else (dx, dw)

    def backward_in_blocks(self, x, w_flat, dy, needs_x, needs_w, columns_kept):
        """dW = Σ dY·colsᵀ over blocks of images, the columns built again block by block unless
        forward kept them whole, and dx = col2im(Wᵀ·dY) block by block: each block is read by the
        products and col2im while in the cache (nine per-offset products Wᵢⱼᵀ·dY added into dx
        were slower: W5 36.2 vs 33.8 ms)."""
        n, c, h, w = self.x_shape
        k, fn = w_flat.shape[1], self.w_shape[0]
        rows, per_image = k + self.bias, self.out_hw[0] * self.out_hw[1]
        dwb = np.zeros((fn, rows), dtype=np.result_type(x, dy)) if needs_w else None
        dx_dtype = np.result_type(w_flat, dy)
        dxp = np.zeros((c, n, h + 2 * self.padding[0], w + 2 * self.padding[1]),
                       dtype=dx_dtype).transpose(1, 0, 2, 3) if needs_x else None
        # dcol goes into the columns' memory once they are used, unless they are kept columns a
        # backward(retain_graph=True) must find again
        reuse = not (columns_kept and GraphState.retaining_graph)
        blocks = [(slice(0, n), slice(None), columns_kept[0])] if columns_kept else column_blocks(
            rows, n, per_image, x.dtype)
        for images, _, block in blocks:
            dy_block = filters_first(dy[images])  # (FN, images·OH·OW)
            dwb_block = self.backward_block(
                x[images], w_flat, dy_block, block, rebuild=needs_w and not columns_kept,
                needs_w=needs_w, dx=dxp[images] if needs_x else None,
                dcols_into_columns=reuse and block.dtype == dx_dtype)
            if needs_w:
                dwb += dwb_block
        return dwb, unpad(dxp, self.padding) if needs_x else None

    def backward_block(self, x, w_flat, dy_block, cols, rebuild, needs_w, dx, dcols_into_columns):
        """One block of images: dW (with db in its last column when there is a bias) as returned,
        and col2im(Wᵀ·dY) added into ``dx`` (None: not needed).  Slabs of images per core
        (ops/cores.py); dW of a large filter is one product over all the block's columns, cut
        along the filter's rows, so every entry sums its images in the same order as on one core."""
        k, per_image = w_flat.shape[1], self.out_hw[0] * self.out_hw[1]
        fn, rows, n = dy_block.shape[0], cols.shape[0], len(x)
        # small filters: one product per image, then the sum over images (see filter_gradient)
        per_image_dw = np.empty((n, fn, rows), np.result_type(cols, dy_block)) \
            if needs_w and per_image_filter_gradient(rows, fn) else None
        image_dy = dy_block.reshape((fn, n, per_image)).transpose((1, 0, 2))
        image_cols = cols.reshape((rows, n, per_image)).transpose((1, 2, 0))

        def columns_and_small_dw(images):
            if rebuild:
                columns(x[images], self.w_shape[2:], self.stride, self.padding, self.out_hw,
                        ones_row=self.bias, out=cols[:, images.start * per_image:images.stop * per_image])
            if per_image_dw is not None:
                np.matmul(image_dy[images], image_cols[images], out=per_image_dw[images])
            if per_image_dw is not None or not needs_w:  # nothing waits for the other slabs
                image_gradient(images)

        def image_gradient(images):
            if dx is None:
                return
            part = slice(images.start * per_image, images.stop * per_image)
            dcols = np.matmul(w_flat.T, dy_block[:, part],
                              out=cols[:k, part] if dcols_into_columns else None)
            columns_to_image(dcols, (images.stop - images.start,) + self.x_shape[1:],
                             self.w_shape[2:], self.stride, self.padding, self.out_hw,
                             out=dx[images])

        cores.over_rows(n, columns_and_small_dw, cols.size, products=True)
        if per_image_dw is not None:
            return per_image_dw.sum(axis=0)
        if not needs_w:
            return None
        dwb = cores.matmul(cols, dy_block.T).T  # (cols · dYᵀ)ᵀ, as in filter_gradient
        cores.over_rows(n, image_gradient, cols.size, products=True)
        return dwb


class _Pool2d(Function):
    """What both pools share: kernel, stride (default: the kernel) and padding, checked; the
    padded input and the output size (floored, as the lecture's 7×7 → 3×3 example)."""

    def __init__(self, kernel_size=2, stride=None, padding=0):
        super().__init__()
        self.kernel = pair(kernel_size, "kernel_size")
        self.stride = self.kernel if stride is None else pair(stride, "stride")
        self.padding = pair(padding, "padding")

    def padded(self, x, pad_value=0):
        check_image(x, self.symbol)
        self.out_hw = output_size(x.shape, self.kernel, self.stride, self.padding, self.symbol)
        xp = pad_image(x, self.padding, value=pad_value)
        self.padded_shape, self.memory_order = xp.shape, memory_order(xp)
        return xp

    def geometry(self) -> dict:
        return dict(kernel=self.kernel, stride=self.stride, padding=self.padding,
                    out_hw=self.out_hw, padded_shape=self.padded_shape,
                    memory_order=self.memory_order)


class MaxPool2d(_Pool2d):
    """Max over each window.  The gradient goes only to each window's arg-max (first on ties; for
    a NaN maximum, the window's first NaN, as PyTorch sends it to the NaN)."""

    symbol = "max_pool2d"

    @max_pool_on_sort_keys  # float16 images: compared as 16-bit sort keys (ops/half.py)
    def forward(self, x):
        xp = self.padded(x, pad_value=-np.inf if x.dtype.kind == "f" else x.min())
        windows = [xp[window_slice(i, j, self.out_hw, self.stride)]
                   for i, j in np.ndindex(*self.kernel)]
        # C order whatever x's layout: the next layer's flatten is then a view (saves a 0.8 ms
        # transposing copy per W4 step)
        out = np.empty(x.shape[:2] + self.out_hw, dtype=x.dtype)
        # only a backward needs the arg-max: W4infer 1 ms faster
        arg = np.empty(out.shape, np.uint8 if len(windows) < 256 else np.int32) \
            if GraphState.grad_enabled else None
        axis = cores.image_axis(xp)

        def pool(rows):  # the images (or channels) of one slab, on one core
            part = cores.along(axis, rows)
            slab = [window[part] for window in windows]
            np.maximum(slab[0], slab[-1], out=out[part])
            for window in slab[1:-1]:
                np.maximum(out[part], window, out=out[part])
            if arg is not None:
                first_arg_max(slab, out[part], arg[part])
        cores.over_rows(x.shape[axis], pool, xp.size)
        if arg is not None:
            self.save(arg)
        return out

    def backward(self, dy):
        (arg,) = self.saved
        return (dual.apply_op(MaxPoolScatter, dy, arg=arg, **self.geometry()),)


def first_arg_max(windows, out, arg) -> np.ndarray:
    """For each output, the index q of the first window offset holding its maximum (row-major
    offsets; ties go to the first, as in PyTorch), written into ``arg``.  From the last offset
    back: arg = 0 where windows[q] holds the max, else 1 + the arg among the later offsets —
    3 comparisons and cheap uint8 steps for a 2×2 window instead of 12 float passes (0.3 ms)."""
    arg.fill(0)
    differs = np.empty(out.shape, dtype=bool)
    # a NaN maximum (NaN != NaN) is held by its first NaN, as PyTorch sends the gradient to a NaN;
    # one sum tells whether any output is NaN (0.05 ms), the extra pass runs only then
    with np.errstate(all="ignore"):
        has_nan = out.dtype.kind == "f" and not np.isfinite(out.sum())
    for window in windows[-2::-1]:
        np.not_equal(window, out, out=differs)
        if has_nan:
            differs &= window == window  # a NaN in the window is where the NaN maximum comes from
        arg += 1
        arg *= differs.view(np.uint8)
    return arg


def memory_order(a: np.ndarray) -> tuple:
    """The axes of ``a`` from the largest stride to the smallest (C order: 0, 1, 2, 3)."""
    return tuple(sorted(range(a.ndim), key=lambda axis: -a.strides[axis]))


def empty_in_order(shape, dtype, order) -> np.ndarray:
    """An uninitialised array of ``shape`` whose memory runs through the axes in ``order``."""
    return np.empty([shape[a] for a in order], dtype=dtype).transpose(np.argsort(order))


class _PoolGeometry(Function):
    """Base of the pools' backward ops: they carry the forward's window geometry."""

    def __init__(self, kernel, stride, padding, out_hw, padded_shape, memory_order=None,
                 arg=None):
        super().__init__()
        self.kernel, self.stride, self.padding = kernel, stride, padding
        self.out_hw, self.padded_shape, self.arg = out_hw, padded_shape, arg
        self.memory_order = memory_order or tuple(range(len(padded_shape)))

    def geometry(self) -> dict:
        return dict(kernel=self.kernel, stride=self.stride, padding=self.padding,
                    out_hw=self.out_hw, padded_shape=self.padded_shape,
                    memory_order=self.memory_order, arg=self.arg)

    def tiles(self) -> bool:
        """Do the windows cover the padded input exactly once (stride = kernel, no remainder)?"""
        return self.stride == self.kernel and all(
            o * k == p for o, k, p in zip(self.out_hw, self.kernel, self.padded_shape[2:]))

    def windows(self):
        for q, (i, j) in enumerate(np.ndindex(*self.kernel)):
            yield q, window_slice(i, j, self.out_hw, self.stride)


class MaxPoolScatter(_PoolGeometry):
    """Max pooling's backward: each window's gradient goes to its arg-max.  Backward: the gather."""

    symbol = "max_pool2d_backward"

    def forward(self, dy):
        arg = self.arg
        # x's memory order (conv2d's backward then reads it without a copy); no zero fill when
        # every pixel is written below (saves 0.3 ms per W4 step)
        dxp = empty_in_order(self.padded_shape, dy.dtype, self.memory_order)
        if not self.tiles():
            dxp.fill(0)
        dy = in_memory_order_of(arg, dy)  # a copy only if the layouts differ
        overlapping = any(s < k for s, k in zip(self.stride, self.kernel))
        windows = list(self.windows())
        axis = cores.image_axis(dxp)

        def scatter(rows):  # the images (or channels) of one slab, on one core
            part = cores.along(axis, rows)
            to, arg_part, dy_part = dxp[part], arg[part], dy[part]
            is_q = np.empty(arg_part.shape, dtype=bool)
            for q, window in windows:
                np.equal(arg_part, q, out=is_q)
                if overlapping:
                    to[window] += dy_part * is_q
                else:  # each input pixel sits in one window: write straight into the slice
                    np.multiply(dy_part, is_q, out=to[window])
        cores.over_rows(dxp.shape[axis], scatter, dxp.size)
        return unpad(dxp, self.padding)

    def backward(self, ddx):
        return (dual.apply_op(MaxPoolGather, ddx, **self.geometry()),)


class MaxPoolGather(_PoolGeometry):
    """Read each window's arg-max value (the adjoint of MaxPoolScatter).  Backward: the scatter."""

    symbol = "max_pool2d_gather"

    def forward(self, x):
        xp = pad_image(x, self.padding)
        out = np.zeros(self.arg.shape, dtype=x.dtype)
        for q, window in self.windows():
            out += xp[window] * (self.arg == q)
        return out

    def backward(self, dout):
        return (dual.apply_op(MaxPoolScatter, dout, **self.geometry()),)


class AvgPool2d(_Pool2d):
    """Mean over each window (zero padding counts).  Each input gets dY / (KH·KW) per window."""

    symbol = "avg_pool2d"

    @in_float32  # float16 images are summed in float32 (ops/half.py)
    def forward(self, x):
        xp = self.padded(x)
        out = np.zeros(x.shape[:2] + self.out_hw, dtype=x.dtype)
        for i, j in np.ndindex(*self.kernel):
            out += xp[window_slice(i, j, self.out_hw, self.stride)]
        return out / np.asarray(self.kernel[0] * self.kernel[1], dtype=x.dtype)

    def backward(self, dy):
        return (dual.apply_op(AvgPoolScatter, dy, **self.geometry()),)


class AvgPoolScatter(_PoolGeometry):
    """Average pooling's backward: dY / (KH·KW) to every pixel of the window.  Its own adjoint is
    average pooling again, so its backward is AvgPool2d."""

    symbol = "avg_pool2d_backward"

    def forward(self, dy):
        share = dy / np.asarray(self.kernel[0] * self.kernel[1], dtype=dy.dtype)
        dxp = np.zeros(self.padded_shape, dtype=dy.dtype)
        for _, window in self.windows():
            dxp[window] += share
        return unpad(dxp, self.padding)

    def backward(self, ddx):
        return (dual.apply_op(AvgPool2d, ddx, kernel_size=self.kernel, stride=self.stride,
                              padding=self.padding),)


def check_conv_shapes(x: np.ndarray, w: np.ndarray, b) -> None:
    check_image(x, "conv2d")
    if w.ndim != 4:
        raise ValueError(f"conv2d expects filters of shape (FN, C, FH, FW), got shape {w.shape}")
    if 0 in w.shape:
        raise ValueError(f"conv2d needs at least one filter of at least one pixel, got filters of "
                         f"shape {w.shape}; build W as (FN, C, FH, FW) with FN, FH, FW >= 1")
    if x.shape[1] != w.shape[1]:
        raise ValueError(
            f"conv2d channel mismatch: input {x.shape} has C={x.shape[1]} channels but the filters "
            f"{w.shape} expect C={w.shape[1]}. Fix: build the filters as (FN, {x.shape[1]}, FH, FW) "
            f"or feed images with {w.shape[1]} channels.")
    if b is not None and b.shape != (w.shape[0],):
        raise ValueError(f"conv2d bias must have shape (FN,) = ({w.shape[0]},) for filters "
                         f"{w.shape}, got {b.shape}")
