"""8장: 16비트 반정밀도 추론 / Chapter 8: inference in float16.

The book's point: deep learning does not need much numerical precision.  A SimpleConvNet trained in
float32 is converted to float16 (half the memory) and evaluated on float16 images: the test accuracy
hardly changes.

    python examples/ch08_half_float.py [--epochs N] [--out DIR] [--quick]
"""

import numpy as np

from _common import parse_args
from ch07_train_convnet import train
from tinygrad_ko.datasets import load_mnist_mini
from tinygrad_ko.train import predict


def main(argv=None):
    def options(parser):
        parser.add_argument("--epochs", type=int, default=None, help="default 5 (1 with --quick)")

    args = parse_args("ch08_half_float", __doc__.splitlines()[0], argv, options)
    model, _ = train("mini", args.epochs or (1 if args.quick else 5), args.quick)
    _, (x_test, t_test) = load_mnist_mini(flatten=False)
    if args.quick:  # NumPy has no BLAS for float16: its matmuls are slow, keep the check small
        x_test, t_test = x_test[:200], t_test[:200]
    accuracy32 = float(np.mean(predict(model, x_test) == t_test))
    bytes32 = sum(p.data.nbytes for p in model.parameters())
    model.astype(np.float16)
    accuracy16 = float(np.mean(predict(model, x_test.astype(np.float16)) == t_test))
    bytes16 = sum(p.data.nbytes for p in model.parameters())
    dtype = {p.dtype for p in model.parameters()}
    print(f"float32: accuracy {accuracy32:.4f}, parameters {bytes32 / 1e6:.2f} MB")
    print(f"float16: accuracy {accuracy16:.4f}, parameters {bytes16 / 1e6:.2f} MB {sorted(map(str, dtype))}")
    return {"float32": accuracy32, "float16": accuracy16, "bytes": (bytes32, bytes16)}


if __name__ == "__main__":
    main()
