"""One Function per op: forward on NumPy arrays, backward returns the local gradients."""

from ..autograd.function import Function, tensor_method
from ..autograd.state import GraphState
from .conv import (AvgPool2d, AvgPoolScatter, Col2im, Conv2d, Im2col, MaxPool2d, MaxPoolGather,
                   MaxPoolScatter, col2im, im2col)
from .dual import sum_to
from .elementwise import Add, Div, Exp, Log, Mul, Neg, Pow, ReLU, Sigmoid, Sqrt, Sub, Tanh
from .loss import LogSoftmax, Softmax, SoftmaxCrossEntropy
from .matmul import Affine, MatMul
from .reduce import Max, Mean, Min, Sum
from .shape import (BroadcastTo, Cast, Concatenate, GetItem, IndexAdd, Reshape, Stack, SumTo,
                    Transpose)

__all__ = [
    "Function", "tensor_method", "GraphState", "Add", "Sub", "Mul", "Div", "Neg", "Pow", "Exp",
    "Log", "Sqrt", "ReLU", "Sigmoid", "Tanh", "Sum", "Mean", "Max", "Min", "Reshape", "Transpose",
    "BroadcastTo", "SumTo", "Cast", "GetItem", "IndexAdd", "Concatenate", "Stack", "MatMul", "Affine",
    "Conv2d", "Im2col", "Col2im", "MaxPool2d", "MaxPoolScatter", "MaxPoolGather", "AvgPool2d",
    "AvgPoolScatter", "Softmax", "LogSoftmax", "SoftmaxCrossEntropy", "im2col", "col2im", "sum_to",
]

# Every module of this package is imported, so the Tensor methods each op file installs
# (tensor_method) exist as soon as tinygrad_ko is imported: a new op file needs no line here.
import importlib as _importlib  # noqa: E402
import pkgutil as _pkgutil  # noqa: E402

for _module in _pkgutil.iter_modules(__path__):
    _importlib.import_module(f"{__name__}.{_module.name}")
from .activations import ELU, LeakyReLU, Softplus  # noqa: E402
from .einsum import Einsum  # noqa: E402
from .math import Abs, Clip, Cos, Erf, Maximum, Minimum, Sin, Tan, Where  # noqa: E402
from .shape_extra import Clone, Flip, Pad  # noqa: E402

__all__ += ["Abs", "Sin", "Cos", "Tan", "Erf", "Clip", "Maximum", "Minimum", "Where", "Flip",
            "Pad", "Clone", "Einsum", "LeakyReLU", "ELU", "Softplus"]
