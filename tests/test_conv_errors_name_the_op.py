"""Every image op refuses a bad input with an error that names the op the user called (conv2d,
im2col, col2im, max_pool2d, avg_pool2d), so a traceback through a whole network says which layer
got the wrong shape."""

import numpy as np
import pytest

from tinygrad_ko import Tensor, ops

FLAT = np.zeros((2, 4, 4))        # (C, H, W): the batch axis is missing
SMALL = np.zeros((1, 2, 3, 3))    # a 5×5 kernel does not fit


def refusal(call):
    with pytest.raises(ValueError) as err:
        call()
    return str(err.value)


def test_conv2d_names_itself():
    w = Tensor(np.zeros((1, 2, 5, 5)))
    assert refusal(lambda: Tensor(FLAT).conv2d(w)).startswith("conv2d expects images")
    assert refusal(lambda: Tensor(SMALL).conv2d(w)).startswith("conv2d: a 5×5 kernel")


def test_im2col_and_col2im_name_themselves():
    assert refusal(lambda: ops.im2col(FLAT, 2, 2)).startswith("im2col expects images")
    assert refusal(lambda: ops.im2col(SMALL, 5, 5)).startswith("im2col: a 5×5 kernel")
    assert refusal(lambda: ops.Im2col.apply(Tensor(FLAT), kernel=2)).startswith("im2col expects")
    assert refusal(lambda: ops.Im2col.apply(Tensor(SMALL), kernel=5)).startswith("im2col: a 5×5")
    assert refusal(lambda: ops.col2im(np.zeros((1, 50)), SMALL.shape, 5, 5)).startswith(
        "col2im: a 5×5 kernel")
    cols = Tensor(np.zeros((50, 1)))
    assert refusal(lambda: ops.Col2im.apply(cols, x_shape=SMALL.shape, kernel=5)).startswith(
        "col2im: a 5×5 kernel")


@pytest.mark.parametrize("pool", ["max_pool2d", "avg_pool2d"])
def test_pools_name_themselves(pool):
    assert refusal(lambda: getattr(Tensor(FLAT), pool)(2)).startswith(f"{pool} expects images")
    assert refusal(lambda: getattr(Tensor(SMALL), pool)(5)).startswith(f"{pool}: a 5×5 kernel")


def test_a_bad_stride_or_kernel_names_the_op_that_was_called():
    image = np.zeros((1, 1, 4, 4))
    assert refusal(lambda: Tensor(image).max_pool2d(2, stride=0)).startswith(
        "max_pool2d: stride must be a positive integer")
    assert refusal(lambda: Tensor(image).conv2d(Tensor(np.zeros((1, 1, 2, 2))), stride=0)) \
        .startswith("conv2d: stride must be a positive integer")
    assert refusal(lambda: ops.im2col(image, 0, 2)).startswith("im2col: kernel size must be positive")
