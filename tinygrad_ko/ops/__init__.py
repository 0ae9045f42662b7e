"""One Function per op: forward on NumPy arrays, backward returns the local gradients."""

from .conv import AvgPool2d, Conv2d, MaxPool2d, col2im, im2col
from .elementwise import Add, Div, Exp, Log, Mul, Neg, Pow, ReLU, Sigmoid, Sqrt, Sub, Tanh
from .function import Function, GraphState
from .loss import LogSoftmax, Softmax, SoftmaxCrossEntropy
from .matmul import MatMul
from .reduce import Max, Mean, Sum
from .shape import BroadcastTo, Concatenate, GetItem, Reshape, Stack, Transpose, sum_to

__all__ = [
    "Function", "GraphState", "Add", "Sub", "Mul", "Div", "Neg", "Pow", "Exp", "Log", "Sqrt",
    "ReLU", "Sigmoid", "Tanh", "Sum", "Mean", "Max", "Reshape", "Transpose", "BroadcastTo",
    "GetItem", "Concatenate", "Stack", "MatMul", "Conv2d", "MaxPool2d", "AvgPool2d", "Softmax",
    "LogSoftmax", "SoftmaxCrossEntropy", "im2col", "col2im", "sum_to",
]
