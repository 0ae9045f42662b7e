"""Everything a model is built from: layers, functional ops, initialisers and optimizers."""

from . import functional, init, optim
from .layers import (
    AvgPool2d,
    BatchNorm1d,
    BatchNorm2d,
    Conv2d,
    ConvTranspose2d,
    Dropout,
    ELU,
    Flatten,
    GELU,
    GlobalAvgPool2d,
    LeakyReLU,
    Linear,
    LogSigmoid,
    MaxPool2d,
    ReLU,
    Sequential,
    Sigmoid,
    SiLU,
    Softmax,
    Softplus,
    Tanh,
)
from .module import Module, Parameter

__all__ = [
    "AvgPool2d", "BatchNorm1d", "BatchNorm2d", "Conv2d", "Dropout", "Flatten", "GlobalAvgPool2d",
    "Linear", "MaxPool2d", "Module", "Parameter", "ReLU", "Sequential", "Sigmoid", "Softmax", "Tanh",
    "ConvTranspose2d", "ELU", "GELU", "LeakyReLU", "LogSigmoid", "SiLU", "Softplus",
    "functional", "init", "optim",
]
