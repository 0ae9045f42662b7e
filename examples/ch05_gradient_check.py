"""5장: 기울기 확인 / Chapter 5: gradient check of TwoLayerNet on MNIST.

Backpropagation against numerical differentiation, parameter by parameter, on three MNIST images:
the mean absolute difference per parameter, printed as the book prints it (W1, b1, W2, b2).

    python examples/ch05_gradient_check.py [--out DIR] [--quick]
"""

import numpy as np

from _common import parse_args
from tinygrad_ko.datasets import load_mnist_mini
from tinygrad_ko.models import TwoLayerNet
from tinygrad_ko.testing import numerical_gradient


def main(argv=None):
    args = parse_args("ch05_gradient_check", __doc__.splitlines()[0], argv)
    (x_train, t_train), _ = load_mnist_mini(one_hot_label=True)
    x, t = x_train[:3].astype(np.float64), t_train[:3]
    hidden = 10 if args.quick else 50
    # the book's TwoLayerNet(784, 50, 10); float64 so that differences measure the method, not rounding
    net = TwoLayerNet(784, hidden, 10, seed=0).astype(np.float64)
    net.loss(x, t).backward()                                    # 오차역전파법 / backprop
    differences = {}
    for name, p in net.params.items():
        numeric = numerical_gradient(lambda _: net.loss(x, t).item(), p)   # 수치 미분
        differences[name] = float(np.mean(np.abs(p.grad.data - numeric)))
        print(f"{name}: {differences[name]:.3e}")
    return differences


if __name__ == "__main__":
    main()
