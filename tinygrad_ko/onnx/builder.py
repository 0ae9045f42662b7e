"""GraphBuilder: names, initializers and ONNX nodes for one export; Node: what a converter sees.

A converter gets a :class:`Node` — the engine's op (``node.fn``) in the example's recording, its
twin in the second recording (``node.twin``), the ONNX names of its inputs — and adds ONNX nodes
with ``node.step`` (intermediate results) and ``node.finish`` (the op's output).
"""

from __future__ import annotations

import numpy as np
import onnx
from onnx import helper, numpy_helper

from .trace import ExportError, readers, where

INT64_MAX, INT64_MIN = np.iinfo(np.int64).max, np.iinfo(np.int64).min


def onnx_type(dtype) -> int:
    """The ONNX element type of a NumPy dtype (float32 -> TensorProto.FLOAT)."""
    return helper.np_dtype_to_tensor_dtype(np.dtype(dtype))


class GraphBuilder:
    """Collects the ONNX graph: unique names, initializers and nodes in the order they are added."""

    def __init__(self, opset: int, first, second):
        self.opset = opset
        self.first, self.second = first, second  # the example's and the twin's Recording
        self.nodes, self.initializers = [], []
        self.names = {}  # id(tensor of the first recording) -> ONNX value name
        self.taken = set()
        self.batch_name = None
        self.fused = {}  # id(tensor) -> names a later node folds in (MatMul read by Add -> Gemm)
        self.consumers = readers(first)  # id(tensor) -> op tensors that read it

    def unique(self, base: str) -> str:
        name, k = base, 1
        while name in self.taken:
            k += 1
            name = f"{base}_{k}"
        self.taken.add(name)
        return name

    def name_of(self, tensor) -> str:
        try:
            return self.names[id(tensor)]
        except KeyError:  # pragma: no cover - the walk names every tensor before it is read
            raise ExportError(f"internal: no ONNX name for a tensor of shape {tensor.shape}") from None

    def initializer(self, array, base: str) -> str:
        name = self.unique(base)
        self.initializers.append(numpy_helper.from_array(np.array(array, order="C"), name))
        return name

    def ints(self, values, base: str) -> str:
        """An int64 initializer (shapes, axes, slice bounds)."""
        return self.initializer(np.asarray(values, dtype=np.int64).reshape(-1), base)

    def add(self, op_type: str, inputs, output: str, name: str, **attrs) -> str:
        self.nodes.append(helper.make_node(op_type, list(inputs), [output], name=name, **attrs))
        return output

    # --- shapes that follow the batch size -------------------------------------------------------
    def batch_size(self) -> str:
        """A 1-element int64 value: the batch size of the first graph input at run time."""
        if self.batch_name is None:
            source = self.name_of(self.first.inputs[0])
            shape = self.add("Shape", [source], self.unique("batch/shape"), self.unique("batch/Shape"))
            self.batch_name = self.add(
                "Slice", [shape, self.ints([0], "batch/start"), self.ints([1], "batch/end")],
                self.unique("batch/size"), self.unique("batch/Slice"))
        return self.batch_name

    def shape_value(self, first_shape, second_shape, what: str, base: str) -> str:
        """An int64 shape for ONNX: a constant if both recordings agree, else built from the batch
        size at run time (entries k·N, read off the two recordings)."""
        first_shape, second_shape = [int(v) for v in first_shape], [int(v) for v in second_shape]
        if first_shape == second_shape:
            return self.ints(first_shape, base)
        n1, n2 = self.first.batch, self.second.batch
        pieces, fixed = [], []
        for a, b in zip(first_shape, second_shape):
            if a == b:
                fixed.append(a)
                continue
            if not n1 or a % n1 or b % n2 or a // n1 != b // n2:
                raise ExportError(f"{what}: the shape {tuple(first_shape)} became {tuple(second_shape)} "
                                  f"for batch {n2} instead of {n1}; only multiples of the batch size "
                                  f"can follow it. Export with dynamic_batch=False")
            if fixed:
                pieces.append(self.ints(fixed, base))
                fixed = []
            k = a // n1
            batch = self.batch_size()
            if k != 1:
                batch = self.add("Mul", [batch, self.ints([k], base + "/k")], self.unique(base + "/kN"),
                                 self.unique(base + "/Mul"))
            pieces.append(batch)
        if fixed:
            pieces.append(self.ints(fixed, base))
        return self.add("Concat", pieces, self.unique(base), self.unique(base + "/Concat"), axis=0)

    # --- graph inputs and outputs ------------------------------------------------------------------
    def value_info(self, name: str, first, second):
        """Typed shape of a value: a dimension that follows the batch size is called "batch"."""
        dims = []
        n1, n2 = self.first.batch, self.second.batch
        for a, b in zip(first.shape, second.shape):
            dims.append(a if a == b else ("batch" if (a, b) == (n1, n2) else None))
        return helper.make_tensor_value_info(name, onnx_type(first.dtype), dims)


class Node:
    """One engine op being converted: ``fn`` (example), ``twin`` (second recording), names."""

    def __init__(self, builder: GraphBuilder, tensor, twin_tensor):
        self.builder, self.out, self.out_twin = builder, tensor, twin_tensor
        self.fn, self.twin = tensor._ctx, twin_tensor._ctx
        scope = self.fn.scope or ""
        self.prefix = f"{scope}/{self.fn.name}" if scope else self.fn.name
        while self.prefix in builder.taken:  # a layer with two Adds: Add, Add_2
            self.prefix = builder.unique(self.prefix)
            builder.taken.discard(self.prefix)
        self.output = builder.unique(self.prefix + ":0")
        builder.names[id(tensor)] = self.output
        self.inputs = [builder.name_of(t) for t in self.fn.inputs]
        self.dtype = tensor.dtype

    @property
    def opset(self) -> int:
        return self.builder.opset

    def where(self) -> str:
        return where(self.fn)

    def unsupported(self, reason: str) -> ExportError:
        return ExportError(f"cannot export {self.where()} to ONNX: {reason}")

    def input(self, i: int, dtype=None) -> str:
        """Input ``i``'s name, cast to ``dtype`` (default: the output's) if its dtype differs —
        ONNX wants one element type where NumPy promotes (float32 + float64)."""
        tensor, dtype = self.fn.inputs[i], np.dtype(dtype or self.dtype)
        if tensor.dtype == dtype:
            return self.inputs[i]
        return self.step("Cast", [self.inputs[i]], to=onnx_type(dtype))

    def same_type_inputs(self) -> list:
        return [self.input(i) for i in range(len(self.fn.inputs))]

    def step(self, op_type: str, inputs, **attrs) -> str:
        """Add an ONNX node that makes an intermediate value; returns its name."""
        b = self.builder
        return b.add(op_type, inputs, b.unique(f"{self.prefix}/{op_type}:0"),
                     b.unique(f"{self.prefix}/{op_type}"), **attrs)

    def finish(self, op_type: str, inputs, name=None, **attrs) -> str:
        """Add the ONNX node that makes this op's output; it is named like the op
        ("SimpleConvNet/Conv1/Conv2d") unless ``name`` is given."""
        b = self.builder
        return b.add(op_type, inputs, self.output, b.unique(name or self.prefix), **attrs)

    def ints(self, values, label: str) -> str:
        return self.builder.ints(values, f"{self.prefix}/{label}")

    def constant(self, value, label: str, dtype=None) -> str:
        return self.builder.initializer(np.asarray(value, dtype=dtype or self.dtype),
                                        f"{self.prefix}/{label}")

    def fixed(self, attribute: str):
        """The op's ``attribute``, checked to be the same in the twin recording: a mask, index or
        bound computed from the input's values (``x.data > 0``) cannot be frozen into the file."""
        value, twin = getattr(self.fn, attribute), getattr(self.twin, attribute)
        if not same_value(value, twin):
            raise ExportError(
                f"cannot export {self.where()} to ONNX: its {attribute} changed when the input changed "
                f"(it was computed from the input's values or made for one batch size, e.g. a mask "
                f"x.data > 0), so the file would freeze one input's value. Fix: compute it with "
                f"tensor ops, or export with dynamic_batch=False if it only follows the batch size")
        return value

    def axes_input(self, op_type: str, axes, since: int, attrs: dict) -> list:
        """Axes of Reduce*/Squeeze/Unsqueeze: an input from opset ``since`` on, else an attribute."""
        if self.opset >= since:
            return [self.ints(list(axes), "axes")]
        attrs["axes"] = [int(a) for a in axes]
        return []


def same_value(a, b) -> bool:
    """Equal op parameters: arrays element by element, tuples item by item."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.shape(a) == np.shape(b) and np.array_equal(a, b)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def prune(builder: GraphBuilder, output_names: list) -> None:
    """Drop nodes and initializers no output needs (the steps a fused pattern replaced)."""
    needed, kept = set(output_names), []
    for node in reversed(builder.nodes):
        if any(name in needed for name in node.output):
            kept.append(node)
            needed.update(node.input)
    builder.nodes = kept[::-1]
    builder.initializers = [i for i in builder.initializers if i.name in needed]


def model_proto(builder: GraphBuilder, graph_inputs, graph_outputs, doc: str) -> onnx.ModelProto:
    graph = helper.make_graph(builder.nodes, "tinygrad_ko", graph_inputs, graph_outputs,
                              initializer=builder.initializers)
    opset = [helper.make_opsetid("", builder.opset)]
    model = helper.make_model(graph, opset_imports=opset, producer_name="tinygrad_ko",
                              doc_string=doc, ir_version=helper.find_min_ir_version_for(opset))
    return model
