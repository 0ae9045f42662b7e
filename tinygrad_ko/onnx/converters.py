"""One converter per engine op: the ONNX nodes that compute exactly what the op's forward computes.

``CONVERTERS`` maps an op's class name (``fn.name``) to a function ``convert(node)``; an op that is
not in it cannot be exported and the exporter says which op and where.  Ops with shapes in their
parameters (reshape, broadcast) compare the example's recording with the twin's to let the batch
axis stay dynamic.
"""

from __future__ import annotations

import numpy as np

from .builder import INT64_MAX, INT64_MIN, Node, onnx_type

CONVERTERS: dict = {}

# The ops of the training graph only: their own message instead of "not supported".
TRAINING_ONLY = {
    "SoftmaxCrossEntropy": "it is the loss (softmax + cross-entropy); an exported model computes the "
                           "logits. Export the model itself (export(model, x, ...)), not model.loss",
}
GRADIENT_OPS = ("IndexAdd", "Im2col", "MaxPoolScatter", "MaxPoolGather", "AvgPoolScatter")
TRAINING_ONLY.update((name, "it only appears in the graph of a gradient (backward with "
                            "create_graph=True); export the forward pass") for name in GRADIENT_OPS)


def converts(*names):
    def register(function):
        for name in names:
            CONVERTERS[name] = function
        return function
    return register


# --- element-wise -------------------------------------------------------------------------------
@converts("Add", "Sub", "Mul", "Div")
def binary(node: Node):
    fused = node.builder.fused.pop(id(node.out), None)
    if fused is not None:  # x @ W + b: one Gemm
        return node.finish("Gemm", fused, name=f"{node.fn.scope or ''}/MatMul+Add".lstrip("/"))
    node.finish(node.fn.name, node.same_type_inputs())


UNARY = {"Neg": "Neg", "Exp": "Exp", "Log": "Log", "Sqrt": "Sqrt", "ReLU": "Relu",
         "Sigmoid": "Sigmoid", "Tanh": "Tanh", "Abs": "Abs", "Sin": "Sin", "Cos": "Cos", "Tan": "Tan",
         "Erf": "Erf", "Clone": "Identity"}


@converts(*UNARY)
def unary(node: Node):
    node.finish(UNARY[node.fn.name], [node.input(0)])


@converts("Pow")
def power(node: Node):
    c, x = node.fn.exponent, node.input(0)
    if c == 1:
        return node.finish("Identity", [x])
    if c == 2:  # NumPy computes x**2 as x*x
        return node.finish("Mul", [x, x])
    if c == 0.5:  # and x**0.5 as sqrt(x)
        return node.finish("Sqrt", [x])
    if c == -1:
        return node.finish("Reciprocal", [x])
    node.finish("Pow", [x, node.constant(c, "exponent")])


@converts("LeakyReLU")
def leaky_relu(node: Node):
    node.finish("LeakyRelu", [node.input(0)], alpha=float(node.fixed("slope")))


@converts("ELU")
def elu(node: Node):
    node.finish("Elu", [node.input(0)], alpha=float(node.fixed("alpha")))


@converts("Softplus")
def softplus(node: Node):
    beta = float(node.fixed("beta"))
    if beta == 1:
        return node.finish("Softplus", [node.input(0)])
    scaled = node.step("Mul", [node.input(0), node.constant(beta, "beta")])
    node.finish("Div", [node.step("Softplus", [scaled]), node.constant(beta, "beta")])


@converts("Clip")
def clip(node: Node):
    bounds = [node.fixed("low"), node.fixed("high")]
    node.finish("Clip", [node.input(0)] + ["" if v is None else node.constant(v, name)
                                           for v, name in zip(bounds, ("min", "max"))])


@converts("Maximum", "Minimum")
def extremum(node: Node):
    node.finish({"Maximum": "Max", "Minimum": "Min"}[node.fn.name], node.same_type_inputs())


@converts("Where")
def where_(node: Node):
    condition = node.builder.initializer(np.asarray(node.fixed("condition"), dtype=bool),
                                         node.prefix + "/condition")
    node.finish("Where", [condition] + node.same_type_inputs())


@converts("Einsum")
def einsum(node: Node):
    node.finish("Einsum", node.same_type_inputs(), equation=node.fixed("subscripts"))


@converts("Cast")
def cast(node: Node):
    node.finish("Cast", [node.inputs[0]], to=onnx_type(node.fn.dtype))


# --- reductions and softmax ----------------------------------------------------------------------
REDUCE = {"Sum": ("ReduceSum", 13), "Mean": ("ReduceMean", 18), "Max": ("ReduceMax", 18)}


@converts(*REDUCE)
def reduce(node: Node):
    op_type, axes_input_since = REDUCE[node.fn.name]
    axes = node.fn.axes
    if not axes:  # a 0-d tensor reduced over no axis: itself
        return node.finish("Identity", [node.input(0)])
    attrs = {"keepdims": int(bool(node.fn.keepdims))}
    inputs = [node.input(0)] + node.axes_input(op_type, axes, axes_input_since, attrs)
    node.finish(op_type, inputs, **attrs)


@converts("Softmax", "LogSoftmax")
def softmax(node: Node):
    axes = node.fn.axis
    axes = (axes,) if isinstance(axes, (int, np.integer)) else tuple(axes or ())
    if len(axes) != 1:
        raise node.unsupported(f"ONNX {node.fn.name} normalises over exactly one axis, the engine "
                               f"was given axes {axes}; reshape so the classes are one axis")
    node.finish(node.fn.name, [node.input(0)], axis=int(axes[0]))


# --- matrix product, convolution, pooling --------------------------------------------------------
@converts("MatMul")
def matmul(node: Node):
    gemm = gemm_inputs(node)
    if gemm is not None:  # the Add that reads this product will emit one Gemm
        add_tensor, inputs = gemm
        node.builder.fused[id(add_tensor)] = inputs
        node.builder.names[id(node.out)] = None
        return
    node.finish("MatMul", node.same_type_inputs())


@converts("Affine")
def affine(node: Node):
    node.finish("Gemm", node.same_type_inputs())  # x @ W + b, exactly ONNX's Gemm


def gemm_inputs(node: Node):
    """(the Add tensor, [x, W, b]) when ``x @ W`` (2-D, one dtype) is read only by ``+ b`` with b a
    parameter or constant of shape (out,) — the book's Affine layer — else None."""
    x, w = node.fn.inputs
    readers = node.builder.consumers.get(id(node.out), [])
    if x.ndim != 2 or w.ndim != 2 or len(readers) != 1 or not x.dtype == w.dtype == node.dtype:
        return None
    if any(node.out is t for t in node.builder.first.outputs):
        return None
    add = readers[0]
    if add._ctx.name != "Add" or add.dtype != node.dtype:
        return None
    bias = [t for t in add._ctx.inputs if t is not node.out]
    if len(bias) != 1 or bias[0]._ctx is not None or bias[0].dtype != node.dtype or \
            bias[0].shape != (w.shape[1],):
        return None
    return add, [node.inputs[0], node.inputs[1], node.builder.name_of(bias[0])]


def _window_attrs(kernel, stride, padding) -> dict:
    (ph, pw) = padding
    return {"kernel_shape": list(kernel), "strides": list(stride), "pads": [ph, pw, ph, pw]}


@converts("Conv2d")
def conv2d(node: Node):
    w = node.fn.inputs[1]
    node.finish("Conv", node.same_type_inputs(),
                **_window_attrs(w.shape[2:], node.fn.stride, node.fn.padding))


@converts("Col2im")
def col2im(node: Node):
    """conv_transpose2d is recorded as x → transpose → reshape, W → reshape → .T, a matmul of the
    two, then Col2im (7장 7.4.3: each column added back where its window sat): one ConvTranspose."""
    found = transposed_conv_operands(node)
    if found is None:
        raise node.unsupported("col2im outside conv_transpose2d only appears in the graph of a "
                               "gradient (backward with create_graph=True); export the forward pass")
    x, w = found
    (kh, kw), (sh, sw), (ph, pw) = node.fn.kernel, node.fn.stride, node.fn.padding
    out_h, out_w = node.out.shape[2:]
    extra = [out_h - ((x.shape[2] - 1) * sh - 2 * ph + kh), out_w - ((x.shape[3] - 1) * sw - 2 * pw + kw)]
    attrs = _window_attrs((kh, kw), (sh, sw), (ph, pw))
    if any(extra):
        attrs["output_padding"] = extra
    b = node.builder
    node.finish("ConvTranspose", [b.name_of(x), b.name_of(w)], **attrs)


def transposed_conv_operands(node: Node):
    """(x, W) when Col2im's columns are ``W.reshape(C_in, -1).T @ x.transpose(1, 0, 2, 3)
    .reshape(C_in, -1)`` (how conv_transpose2d records itself), else None."""
    def made_by(tensor, name):
        return tensor._ctx is not None and tensor._ctx.name == name

    columns = node.fn.inputs[0]
    if not made_by(columns, "MatMul"):
        return None
    w_side, x_side = columns._ctx.inputs
    if not (made_by(w_side, "Transpose") and made_by(x_side, "Reshape")):
        return None
    w_flat, x_t = w_side._ctx.inputs[0], x_side._ctx.inputs[0]
    if not (made_by(w_flat, "Reshape") and made_by(x_t, "Transpose")) or \
            tuple(x_t._ctx.axes) != (1, 0, 2, 3) or tuple(w_side._ctx.axes) != (1, 0):
        return None
    w, x = w_flat._ctx.inputs[0], x_t._ctx.inputs[0]
    if w.ndim != 4 or x.ndim != 4 or w.shape[0] != x.shape[1] or w.shape[2:] != node.fn.kernel or \
            node.out.shape[1] != w.shape[1] or x.dtype != w.dtype:
        return None
    return x, w


@converts("MaxPool2d")
def max_pool2d(node: Node):
    fn = node.fn  # padding is -inf in the engine: ONNX's padded cells never win either
    node.finish("MaxPool", [node.input(0)], **_window_attrs(fn.kernel, fn.stride, fn.padding))


@converts("AvgPool2d")
def avg_pool2d(node: Node):
    fn = node.fn  # the engine divides by KH·KW everywhere: zero padding counts
    node.finish("AveragePool", [node.input(0)], count_include_pad=1,
                **_window_attrs(fn.kernel, fn.stride, fn.padding))


# --- shapes ---------------------------------------------------------------------------------------
@converts("Reshape")
def reshape(node: Node):
    x, x_twin = node.fn.inputs[0], node.twin.inputs[0]
    target, target_twin = list(node.fn.shape), list(node.twin.shape)
    if 0 in target:
        raise node.unsupported(f"reshape to {tuple(target)} makes an empty tensor")
    for i, (a, b) in enumerate(zip(target, target_twin)):
        # an entry that follows the batch and equals the input's own dimension there: ONNX's 0
        # ("copy this dimension"), as in x.reshape(N, -1) -> Reshape(x, [0, -1])
        if a != b and i < x.ndim and (x.shape[i], x_twin.shape[i]) == (a, b):
            target[i] = target_twin[i] = 0
    shape = node.builder.shape_value(target, target_twin, node.where(), node.prefix + "/shape")
    node.finish("Reshape", [node.input(0), shape])


@converts("Transpose")
def transpose(node: Node):
    ndim = node.fn.inputs[0].ndim
    node.finish("Transpose", [node.input(0)], perm=[int(a) % ndim for a in node.fn.axes])


@converts("BroadcastTo")
def broadcast_to(node: Node):
    x, x_twin = node.fn.inputs[0], node.twin.inputs[0]
    target, target_twin = list(node.fn.shape), list(node.twin.shape)
    lead = len(target) - x.ndim
    for i in range(lead, len(target)):  # a dimension the input already has: Expand keeps a 1
        if target[i] != target_twin[i] and (x.shape[i - lead], x_twin.shape[i - lead]) == \
                (target[i], target_twin[i]):
            target[i] = target_twin[i] = 1
    shape = node.builder.shape_value(target, target_twin, node.where(), node.prefix + "/shape")
    node.finish("Expand", [node.input(0), shape])


@converts("SumTo")
def sum_to(node: Node):
    x, shape, shape_twin = node.fn.inputs[0], node.fn.shape, node.twin.shape
    lead = x.ndim - len(shape)
    axes = list(range(lead)) + [lead + i for i, n in enumerate(shape)
                                if n == 1 and x.shape[lead + i] != 1]
    summed = node.input(0)
    if axes:
        attrs = {"keepdims": 1}
        summed = node.step("ReduceSum", [summed] + node.axes_input("ReduceSum", axes, 13, attrs),
                           **attrs)
    target = node.builder.shape_value(shape, shape_twin, node.where(), node.prefix + "/shape")
    node.finish("Reshape", [summed, target])


@converts("Concatenate")
def concatenate(node: Node):
    node.finish("Concat", node.same_type_inputs(), axis=int(node.fn.axis))


@converts("Stack")
def stack(node: Node):
    axis = int(node.fn.axis) % node.out.ndim
    pieces = []
    for i in range(len(node.fn.inputs)):
        attrs = {}
        pieces.append(node.step("Unsqueeze", [node.input(i)] +
                                node.axes_input("Unsqueeze", [axis], 13, attrs), **attrs))
    node.finish("Concat", pieces, axis=axis)


@converts("Flip")
def flip(node: Node):
    axes = list(node.fixed("axes"))
    if not axes:
        return node.finish("Identity", [node.input(0)])
    n = len(axes)
    node.finish("Slice", [node.input(0), node.ints([-1] * n, "starts"), node.ints([INT64_MIN] * n, "ends"),
                          node.ints(axes, "axes"), node.ints([-1] * n, "steps")])


@converts("Pad")
def pad(node: Node):
    widths = node.fixed("widths")
    pads = [int(a) for a, _ in widths] + [int(b) for _, b in widths]
    value = node.constant(node.fixed("value"), "value")
    node.finish("Pad", [node.input(0), node.ints(pads, "pads"), value], mode="constant")


@converts("GetItem")
def getitem(node: Node):
    index = node.fixed("index")
    items = list(index) if isinstance(index, tuple) else [index]
    arrays = [i for i, item in enumerate(items) if isinstance(item, np.ndarray)]
    if arrays:
        return gather(node, items, arrays)
    basic_index(node, items)


def gather(node: Node, items: list, arrays: list):
    """x[..., idx, ...] with one integer (or 1-D boolean) array and full slices elsewhere: Gather."""
    axis = arrays[0]
    full = all(isinstance(item, slice) and item == slice(None) for i, item in enumerate(items)
               if i != axis)
    if len(arrays) != 1 or not full or Ellipsis in [i for i in items if not isinstance(i, np.ndarray)]:
        raise node.unsupported("only one index array with full slices (:) on the other axes can be "
                               "exported (ONNX Gather); index in several steps")
    idx = items[axis]
    if idx.dtype == bool:
        if idx.ndim != 1:
            raise node.unsupported("a boolean mask over several axes cannot be exported; index one "
                                   "axis at a time")
        idx = np.flatnonzero(idx)
    indices = node.builder.initializer(idx.astype(np.int64), node.prefix + "/indices")
    node.finish("Gather", [node.input(0), indices], axis=axis)


def basic_index(node: Node, items: list):
    """Integers, slices, None and ... : one Slice, then Squeeze (integers), then Unsqueeze (None)."""
    x, x_twin = node.fn.inputs[0], node.twin.inputs[0]
    if Ellipsis in items:
        at = items.index(Ellipsis)
        used = sum(1 for i in items if i is not None and i is not Ellipsis)
        items[at:at + 1] = [slice(None)] * (x.ndim - used)
    starts, ends, axes, steps, squeeze, unsqueeze = [], [], [], [], [], []
    axis = out_axis = 0
    for item in items:
        if item is None:
            unsqueeze.append(out_axis)
            out_axis += 1
            continue
        fixed = x.shape[axis] == x_twin.shape[axis]
        if isinstance(item, slice):
            if item != slice(None):
                bounds = slice_bounds(item, x.shape[axis] if fixed else None)
                for values, v in zip((starts, ends, steps), bounds):
                    values.append(v)
                axes.append(axis)
            out_axis += 1
        else:  # an integer: a one-wide slice, squeezed away below
            i = int(item)
            starts.append(i)
            ends.append(INT64_MAX if i == -1 else i + 1)
            steps.append(1)
            axes.append(axis)
            squeeze.append(axis)
        axis += 1
    value = node.input(0)
    steps_needed = [(starts, "Slice"), (squeeze, "Squeeze"), (unsqueeze, "Unsqueeze")]
    remaining = [name for values, name in steps_needed if values]
    if not remaining:
        return node.finish("Identity", [value])
    for op_type in remaining:
        emit = node.finish if op_type == remaining[-1] else node.step
        if op_type == "Slice":
            value = emit("Slice", [value, node.ints(starts, "starts"), node.ints(ends, "ends"),
                                   node.ints(axes, "slice_axes"), node.ints(steps, "steps")])
        else:
            attrs = {}
            value = emit(op_type, [value] + node.axes_input(op_type, squeeze if op_type == "Squeeze"
                                                            else unsqueeze, 13, attrs), **attrs)


def slice_bounds(item: slice, size: int | None) -> tuple[int, int, int]:
    """(start, end, step) for ONNX Slice.  With a known ``size`` Python's own rule fixes them;
    for the batch axis the Python values are kept (ONNX clamps negative ones the same way)."""
    if size is not None:
        start, stop, step = item.indices(size)
        if step < 0 and stop < 0:
            stop = INT64_MIN  # Python's "before index 0"; ONNX would read -1 as the last element
        return start, stop, step
    step = 1 if item.step is None else int(item.step)
    start = item.start if item.start is not None else (0 if step > 0 else INT64_MAX)
    stop = item.stop if item.stop is not None else (INT64_MAX if step > 0 else INT64_MIN)
    return int(start), int(stop), step


SUPPORTED = sorted(CONVERTERS)

