"""tinygrad_ko.book: the book's code, unchanged, on the engine (밑바닥부터 시작하는 딥러닝).

Replace a chapter script's import lines — ``from dataset.mnist import load_mnist``,
``from common.layers import *``, ``from two_layer_net import TwoLayerNet`` ... — by
``from tinygrad_ko.book import ...`` (or ``import *``) and it runs on tinygrad_ko:

    dataset/mnist.py                 load_mnist, load_mnist_mini          (book/mnist.py)
    common/functions.py              sigmoid, softmax, cross_entropy_error ... (book/functions.py)
    common/gradient.py               numerical_gradient                   (book/gradient.py)
    common/layers.py, ch05/layer_naive.py   Relu, Affine, SoftmaxWithLoss ..., MulLayer, AddLayer
    common/optimizer.py              SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam
    common/util.py                   smooth_curve, shuffle_dataset, im2col, col2im
    common/multi_layer_net*.py, ch05/two_layer_net.py, ch07/simple_convnet.py, ch08/deep_convnet.py
                                     the networks, which are the engine's models (book/networks.py)
    common/trainer.py                Trainer                              (book/trainer.py)

The networks compute in float64 like the book; their ``params`` are the engine's Parameters, so
``params[key] -= lr * grad[key]`` trains them, ``tinygrad_ko.viz`` draws them and ``save_params``
writes the engine's safe .npz format.
"""

import numpy as np  # exported: see the end of __all__

from .functions import (cross_entropy_error, identity_function, mean_squared_error, relu, relu_grad,
                        sigmoid, sigmoid_grad, softmax, softmax_loss, step_function)
from .gradient import numerical_gradient
from .layer_naive import AddLayer, MulLayer
from .layers import (Affine, BatchNormalization, Convolution, Dropout, Pooling, Relu, Sigmoid,
                     SoftmaxWithLoss)
from .mnist import load_mnist, load_mnist_mini
from .networks import DeepConvNet, MultiLayerNet, MultiLayerNetExtend, SimpleConvNet, TwoLayerNet
from .optimizer import SGD, AdaGrad, Adam, Momentum, Nesterov, RMSprop
from .trainer import Trainer
from .util import col2im, conv_output_size, im2col, shuffle_dataset, smooth_curve

__all__ = [
    # dataset/mnist.py
    "load_mnist", "load_mnist_mini",
    # common/functions.py
    "cross_entropy_error", "identity_function", "mean_squared_error", "relu", "relu_grad",
    "sigmoid", "sigmoid_grad", "softmax", "softmax_loss", "step_function",
    # common/gradient.py
    "numerical_gradient",
    # ch05/layer_naive.py, common/layers.py
    "AddLayer", "MulLayer",
    "Affine", "BatchNormalization", "Convolution", "Dropout", "Pooling", "Relu", "Sigmoid",
    "SoftmaxWithLoss",
    # common/optimizer.py
    "SGD", "AdaGrad", "Adam", "Momentum", "Nesterov", "RMSprop",
    # common/util.py
    "col2im", "conv_output_size", "im2col", "shuffle_dataset", "smooth_curve",
    # the networks
    "DeepConvNet", "MultiLayerNet", "MultiLayerNetExtend", "SimpleConvNet", "TwoLayerNet",
    # common/trainer.py
    "Trainer",
    # The book's modules have no __all__, so their `import *` also hands over `np`; a chapter
    # script relies on that (ch06/optimizer_compare_mnist.py never imports numpy itself).
    "np",
]
