"""einsum: Einstein summation over any number of operands, differentiable to any order.

The gradient of operand i is itself an einsum: the upstream gradient with every *other* operand,
written to operand i's subscripts.  Two details make that exact: a letter repeated inside one
operand (a diagonal, ``"ii->i"``) is split into fresh letters tied by identity matrices, and a
letter only operand i has (summed away in forward) is broadcast back afterwards.  The backward
calls :class:`Einsum` through ``dual.apply_op``, so its own gradient exists too.
"""

from __future__ import annotations

import string

import numpy as np

from ..autograd.function import Function
from . import dual
from .operands import lift, tensor_type

_LETTERS = string.ascii_letters


class Einsum(Function):
    """z = einsum(subscripts, *operands) with explicit subscripts ``"ij,jk->ik"`` (no ellipsis:
    :func:`einsum` rewrites ``...`` into letters first)."""

    symbol = "einsum"

    def __init__(self, subscripts):
        super().__init__()
        self.subscripts = subscripts

    def label(self):
        return f"einsum {self.subscripts}"

    def forward(self, *operands):
        self.save(*operands)
        return np.einsum(self.subscripts, *operands, optimize=len(operands) > 2)

    def backward(self, dz):
        inputs, output = self.subscripts.split("->")
        terms = inputs.split(",")
        operands = self.saved
        grads = []
        for i in range(len(terms)):
            if not self.needs_input_grad[i]:
                grads.append(None)
                continue
            grads.append(_operand_gradient(dz, output, terms, operands, i))
        return tuple(grads)


def _operand_gradient(dz, output, terms, operands, i):
    """∂(Σ dz·z)/∂operand_i as an einsum of dz with the other operands."""
    term, shape = terms[i], dual.raw(operands[i]).shape
    used = set("".join(terms) + output)
    fresh = (c for c in _LETTERS if c not in used)
    target, ties = [], []
    for position, letter in enumerate(term):
        if letter in target:  # repeated letter: a diagonal; tie a fresh letter to it by an eye
            new = next(fresh)
            ties.append((letter + new, np.eye(shape[position], dtype=dual.raw(dz).dtype)))
            letter = new
        target.append(letter)
    others = [(t, op) for j, (t, op) in enumerate(zip(terms, operands)) if j != i]
    available = set(output + "".join(t for t, _ in others) + "".join(t for t, _ in ties))
    kept = "".join(c for c in target if c in available)
    subscripts = ",".join([output] + [t for t, _ in others] + [t for t, _ in ties]) + "->" + kept
    grad = dual.apply_op(Einsum, dz, *[op for _, op in others], *[e for _, e in ties],
                         subscripts=subscripts)
    if len(kept) < len(target):  # letters summed only inside operand i: broadcast back
        grad = grad.reshape(tuple(shape[p] if c in available else 1 for p, c in enumerate(target)))
        grad = dual.broadcast_to(grad, shape)
    return grad


def einsum(subscripts, *operands):
    """Einstein summation (``np.einsum`` / ``torch.einsum``): ``einsum("ij,jk->ik", a, b)`` is a
    matrix product, ``einsum("ii", a)`` the trace, ``einsum("bij,bjk->bik", x, y)`` a batched
    product, ``einsum("...i,i->...", x, w)`` with an ellipsis.  Any number of operands (tensors
    or arrays; PyTorch's list form ``einsum(s, [a, b])`` works too); every tensor operand that
    requires grad gets a gradient, itself differentiable again."""
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    if not isinstance(subscripts, str):
        raise TypeError(f"einsum: the first argument is the subscripts string, e.g. "
                        f"'ij,jk->ik', got {type(subscripts).__name__}")
    if not operands:
        raise ValueError("einsum needs at least one operand after the subscripts")
    Tensor = tensor_type()
    like = next((o for o in operands if isinstance(o, Tensor)), None)
    tensors = [lift(o, like) for o in operands]
    explicit = explicit_subscripts(subscripts, [t.shape for t in tensors])
    return Einsum.apply(*tensors, subscripts=explicit)


def explicit_subscripts(subscripts: str, shapes) -> str:
    """``subscripts`` with the output spelled out and every ``...`` replaced by letters, checked
    against the operands' shapes (clear errors instead of NumPy's)."""
    text = subscripts.replace(" ", "")
    inputs, arrow, output = text.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(shapes):
        raise ValueError(f"einsum: the subscripts {subscripts!r} name {len(terms)} operand(s) but "
                         f"{len(shapes)} were given; one comma-separated term per operand")
    spare = [c for c in _LETTERS if c not in text]
    lengths = [len(s) - len(t.replace("...", "")) if "..." in t else 0 for t, s in zip(terms, shapes)]
    width = max(lengths + [0])
    ellipsis = "".join(spare[:width])
    expanded = []
    for term, shape, n in zip(terms, shapes, lengths):
        if "..." in term:
            if n < 0:
                raise ValueError(f"einsum: term {term!r} names more axes than its operand of shape "
                                 f"{shape} has")
            term = term.replace("...", ellipsis[width - n:])
        if not all(c in _LETTERS for c in term):
            raise ValueError(f"einsum: subscripts may only use letters, ',', '->' and '...', got "
                             f"{subscripts!r}")
        if len(term) != len(shape):
            raise ValueError(f"einsum: term {term!r} has {len(term)} letters but its operand has "
                             f"shape {shape} ({len(shape)} axes); one letter per axis")
        expanded.append(term)
    sizes = {}
    for term, shape in zip(expanded, shapes):
        for letter, n in zip(term, shape):
            if sizes.setdefault(letter, n) != n:
                raise ValueError(f"einsum {subscripts!r}: axis {letter!r} has size {sizes[letter]} "
                                 f"in one place and {n} in another (shapes {list(shapes)}); the same "
                                 f"letter must mean the same length (broadcast operands first)")
    if arrow:
        output = output.replace("...", ellipsis)
        missing = [c for c in output if c not in sizes]
        if missing or len(set(output)) != len(output):
            raise ValueError(f"einsum {subscripts!r}: the output may only use letters of the "
                             f"inputs, each once")
    else:
        counts = "".join(expanded)
        output = ellipsis + "".join(sorted(c for c in set(counts) if counts.count(c) == 1
                                           and c not in ellipsis))
    return ",".join(expanded) + "->" + output
