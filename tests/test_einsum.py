"""einsum (issue 11 item 3): any number of operands, values equal to np.einsum, gradients of
first and second order for every operand — diagonals, traces, letters summed inside one operand,
ellipses and outer products included."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tinygrad_ko as tk
from tinygrad_ko import Tensor
from tinygrad_ko.testing import gradcheck, gradgradcheck

# subscripts with one size per letter (drawn): products, batched products, traces, diagonals,
# sums inside one operand, outer products, three operands, implicit outputs, ellipses
CASES = ["ij,jk->ik", "ij,jk", "bij,bjk->bik", "ii", "ii->i", "iij->j", "ij->j", "ij->", "i,j->ij",
         "ij,ij->", "ij,jk,kl->il", "i,i,i->", "ijk->kji", "...i,i->...", "i...,i->...", "ab,cd->"]


@st.composite
def einsum_cases(draw):
    subscripts = draw(st.sampled_from(CASES))
    sizes = {c: draw(st.integers(1, 3)) for c in set(subscripts) if c.isalpha()}
    batch = draw(st.lists(st.integers(1, 3), max_size=2))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    operands = []
    for term in subscripts.split("->")[0].split(","):
        shape = []
        for part in term.split("..."):
            shape.append([sizes[c] for c in part])
        shape = shape[0] + (batch + shape[1] if len(shape) == 2 else [])
        operands.append(rng.standard_normal(tuple(shape)))
    return subscripts, operands


@given(einsum_cases())
def test_einsum_values_match_numpy(case):
    subscripts, operands = case
    got = tk.einsum(subscripts, *[Tensor(a) for a in operands])
    np.testing.assert_allclose(got.data, np.einsum(subscripts, *operands), rtol=1e-12, atol=1e-12)


@given(einsum_cases())
def test_einsum_gradients_of_both_orders_for_every_operand(case):
    subscripts, operands = case
    assert gradcheck(lambda *ts: tk.einsum(subscripts, *ts), *operands)
    assert gradgradcheck(lambda *ts: tk.einsum(subscripts, *ts), *operands)


def test_einsum_list_form_arrays_and_matmul_equivalence():
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((3, 4)), rng.standard_normal((4, 2))
    x = Tensor(a, requires_grad=True)
    y = tk.einsum("ij,jk->ik", [x, b])  # PyTorch's list form; an array is a constant
    np.testing.assert_allclose(y.data, a @ b)
    y.sum().backward()
    np.testing.assert_allclose(x.grad.data, np.ones((3, 2)) @ b.T)


def test_einsum_errors_name_the_problem():
    a = Tensor(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="name 2 operand"):
        tk.einsum("ij,jk->ik", a)
    with pytest.raises(ValueError, match="one letter per axis"):
        tk.einsum("i->i", a)
    with pytest.raises(ValueError, match="same letter must mean the same length"):
        tk.einsum("ij,ij->", a, Tensor(np.zeros((3, 2))))
    with pytest.raises(ValueError, match="output may only use letters"):
        tk.einsum("ij->k", a)
    with pytest.raises(TypeError, match="subscripts string"):
        tk.einsum(a, a)
    with pytest.raises(ValueError, match="only use letters"):
        tk.einsum("i1->i", a)
