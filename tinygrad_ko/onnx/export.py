"""export(): one forward pass of a model, read from the engine's graph, written as an ONNX file."""

from __future__ import annotations

import numpy as np
import onnx

from .. import __version__
from ..atomic_files import write_atomically
from ..nn.module import Module
from ..tensor import Tensor
from .builder import GraphBuilder, Node, model_proto, prune
from .converters import CONVERTERS, SUPPORTED, TRAINING_ONLY
from .trace import ExportError, is_parameter, trace_twice, where

DEFAULT_OPSET = 17  # read by ONNX Runtime 1.13+ (late 2022) and by onnxruntime-web
MIN_OPSET = 13  # Softmax over one axis, Reduce*/Squeeze axes as inputs
TEMP_PREFIX, TEMP_SUFFIX = ".tmp-", ".onnx"  # the temporary file beside the model while it is written


def export(model, example_input, path, *, opset=None, input_names=None, output_names=None,
           dynamic_batch=True) -> onnx.ModelProto:
    """Trace one forward pass of ``model`` on ``example_input`` and write it to ``path`` as ONNX.

    ``model``: a ``Module`` (run in eval mode — Dropout off, BatchNorm on its running statistics —
    each module's mode restored afterwards) or a function of Tensors.  ``example_input``: an array
    or Tensor, or a tuple of them for several inputs; a Module's inputs take its parameters' dtype.
    Parameters become initializers named like ``state_dict`` ("Conv1.W"); nodes are named by their
    layer ("SimpleConvNet/Conv1/Conv2d").  ``dynamic_batch``: axis 0 of every input is the symbolic
    "batch", so the file runs on any batch size.  ``opset``: default 17.  ``path=None`` writes no
    file.  Returns the checked ``onnx.ModelProto``; an op that has no ONNX equivalent raises
    :class:`ExportError` naming the op and its layer, and no file is written.
    """
    if not (isinstance(model, Module) or callable(model)):
        raise TypeError(f"export needs a Module or a function of Tensors, got {type(model).__name__}")
    opset = checked_opset(opset)
    arrays = example_arrays(model, example_input)
    first, second = trace_twice(model, arrays, dynamic_batch, check=check_convertible)
    builder = GraphBuilder(opset, first, second)
    in_names = checked_names(input_names, len(first.inputs), "input")
    out_names = checked_names(output_names, len(first.outputs), "output")
    builder.taken.update(in_names + out_names)
    for tensor, name in zip(first.inputs, in_names):
        builder.names[id(tensor)] = name
    name_leaves(builder, model)
    for tensor, twin in zip(first.ops, second.ops):
        convert_op(builder, tensor, twin)
    outputs = name_outputs(builder, out_names)
    prune(builder, out_names)
    inputs = [builder.value_info(name, a, b) for name, a, b in zip(in_names, first.inputs, second.inputs)]
    title = type(model).__name__ if isinstance(model, Module) else \
        getattr(model, "__name__", type(model).__name__)
    doc = f"{title} exported by tinygrad_ko {__version__}"
    proto = model_proto(builder, inputs, outputs, doc)
    onnx.checker.check_model(proto, full_check=True)
    if path is not None:
        data = proto.SerializeToString()
        write_atomically(path, lambda f: f.write(data), TEMP_PREFIX, TEMP_SUFFIX)
    return proto


def checked_opset(opset) -> int:
    newest = onnx.defs.onnx_opset_version()
    if opset is None:
        return DEFAULT_OPSET
    if isinstance(opset, bool) or not isinstance(opset, (int, np.integer)) or \
            not MIN_OPSET <= opset <= newest:
        raise ValueError(f"opset must be an integer from {MIN_OPSET} to {newest} (the newest this "
                         f"onnx package knows), got {opset!r}; the default is {DEFAULT_OPSET}")
    return int(opset)


def checked_names(names, count: int, what: str) -> list:
    if names is None:
        return [what] if count == 1 else [f"{what}{i}" for i in range(count)]
    names = [names] if isinstance(names, str) else list(names)
    if len(names) != count or not all(isinstance(n, str) and n for n in names) or \
            len(set(names)) != count:
        raise ValueError(f"{what}_names must be {count} different non-empty strings (the model has "
                         f"{count} {what}{'s' if count != 1 else ''}), got {names!r}")
    return names


def example_arrays(model, example_input) -> list:
    """The example input(s) as float arrays: a tuple means several inputs; a Module's inputs take the
    dtype of its parameters (float64 images for a float32 model become float32)."""
    items = list(example_input) if isinstance(example_input, tuple) else [example_input]
    if not items:
        raise ValueError("example_input is an empty tuple; give at least one input")
    dtypes = {p.dtype for p in model.parameters()} if isinstance(model, Module) else set()
    dtype = dtypes.pop() if len(dtypes) == 1 else None
    arrays = []
    for i, item in enumerate(items):
        array = item.data if isinstance(item, Tensor) else np.asarray(item)
        if array.dtype.kind not in "biuf":
            raise TypeError(f"example input {i} must hold numbers, got dtype {array.dtype}")
        target = dtype or (array.dtype if array.dtype.kind == "f" else np.float32)
        arrays.append(np.array(array, dtype=target))
    return arrays


def name_leaves(builder: GraphBuilder, model) -> None:
    """Parameters as initializers named like state_dict ("Affine1.W"); constants after their layer."""
    names = {id(p): n for n, p in model.named_parameters()} if isinstance(model, Module) else {}
    for leaf in builder.first.leaves:
        if is_parameter(leaf):
            base = names.get(id(leaf)) or leaf.name or "parameter"
        else:
            readers = builder.consumers.get(id(leaf))  # none: the leaf is itself an output
            scope = readers[0]._ctx.scope if readers else None
            base = f"{scope}/constant" if scope else "constant"
        builder.names[id(leaf)] = builder.initializer(leaf.data, base)


def check_convertible(recording) -> None:
    """Raise for the first op that has no ONNX converter, naming it and its layer."""
    for tensor in recording.ops:
        fn = tensor._ctx
        if fn.name not in CONVERTERS:
            reason = TRAINING_ONLY.get(fn.name) or (
                f"the op {fn.name} has no ONNX converter. Exportable ops: {', '.join(SUPPORTED)}")
            raise ExportError(f"cannot export {where(fn)} to ONNX: {reason}")


def convert_op(builder: GraphBuilder, tensor, twin) -> None:
    CONVERTERS[tensor._ctx.name](Node(builder, tensor, twin))


def name_outputs(builder: GraphBuilder, out_names: list) -> list:
    """Each graph output under its name: an Identity from the value that holds it."""
    infos = []
    for tensor, twin, name in zip(builder.first.outputs, builder.second.outputs, out_names):
        builder.add("Identity", [builder.name_of(tensor)], name, builder.unique(f"{name}/Identity"))
        infos.append(builder.value_info(name, tensor, twin))
    return infos
