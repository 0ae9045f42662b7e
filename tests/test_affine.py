"""nn.Linear and F.linear record the book's Affine layer as one node (ops.Affine), with exactly
the numbers of ``x @ W + b``; inputs it does not fit take the two-node path."""

import numpy as np
import pytest

from tinygrad_ko import Tensor, nn, ops
from tinygrad_ko.autograd.graph import topological_order
from tinygrad_ko.explore.rules import backward_rule, forward_rule
from tinygrad_ko.nn import functional as F


def op_names(tensor):
    return [t._ctx.name for t in topological_order([tensor], only_requiring_grad=False) if t._ctx]


def leaves(rng, shapes, dtype=np.float32):
    return [Tensor(rng.standard_normal(s).astype(dtype), requires_grad=True) for s in shapes]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_one_node_with_the_numbers_and_gradients_of_the_two(dtype):
    rng = np.random.default_rng(0)
    fused = leaves(rng, [(6, 4), (4, 3), (3,)], dtype)
    plain = [Tensor(t.data, requires_grad=True) for t in fused]
    y, z = F.linear(*fused), plain[0] @ plain[1] + plain[2]
    assert op_names(y) == ["Affine"] and op_names(z) == ["MatMul", "Add"]
    assert y.dtype == dtype and np.array_equal(y.data, z.data)  # the same operations, the same bits
    upstream = rng.standard_normal((6, 3)).astype(dtype)
    y.backward(upstream)
    z.backward(upstream)
    for a, b in zip(fused, plain):
        assert a.grad.dtype == dtype and np.array_equal(a.grad.data, b.grad.data)


def test_the_layer_records_one_node_and_skips_what_needs_no_gradient():
    layer = nn.Linear(5, 2)
    x = Tensor(np.ones((3, 5), np.float32))
    y = layer(x)
    assert op_names(y) == ["Affine"] and y._ctx.needs_input_grad == (False, True, True)
    y.sum().backward()
    assert x.grad is None and layer.W.grad.shape == (5, 2)
    assert np.array_equal(layer.b.grad.data, [3.0, 3.0])  # b was repeated on each of 3 rows


@pytest.mark.parametrize("case", ["no bias", "float16", "one row", "batched", "mixed dtypes",
                                  "array bias"])
def test_inputs_it_does_not_fit_take_the_two_node_path(case):
    rng = np.random.default_rng(1)
    x, W, b = leaves(rng, [(4, 3), (3, 2), (2,)])
    if case == "no bias":
        b = None
    elif case == "float16":
        x, W, b = (Tensor(t.data.astype(np.float16), requires_grad=True) for t in (x, W, b))
    elif case == "one row":
        x = Tensor(x.data[0], requires_grad=True)
    elif case == "batched":
        x = Tensor(np.stack([x.data, x.data]), requires_grad=True)
    elif case == "mixed dtypes":
        b = Tensor(b.data.astype(np.float64), requires_grad=True)
    else:
        b = b.data
    y = F.linear(x, W, b)
    assert "Affine" not in op_names(y)
    expected = x.data @ W.data + (0 if b is None else np.asarray(getattr(b, "data", b)))
    np.testing.assert_allclose(y.data, expected, rtol=1e-3)


def test_the_explorer_shows_the_books_affine_rules():
    x, W, b = Tensor([[2.0]]), Tensor([[3.0]], requires_grad=True), Tensor([1.0], requires_grad=True)
    z = F.linear(x, W, b)
    values = [x.data, W.data, b.data]
    assert forward_rule(z._ctx, z.data, values) == {"text": "Z = X @ W + b", "numbers": "2 @ 3 + 1"}
    rules = [backward_rule(z._ctx, k, z.data, np.array([[1.5]]), values) for k in range(3)]
    assert [r["en"] for r in rules] == ["∂L/∂Z · Wᵀ", "Xᵀ · ∂L/∂Z",
                                        "∂L/∂Z summed over the batch (5장 5.6.1절)"]
    assert [r["numbers"] for r in rules] == ["1.5 × 3", "1.5 × 2", "1.5"]
    assert rules[2]["ko"].startswith("∂L/∂Z를 배치 축으로 합함")


def test_affine_is_an_op_of_the_package():
    assert ops.Affine.symbol == "affine" and "Affine" in ops.__all__
