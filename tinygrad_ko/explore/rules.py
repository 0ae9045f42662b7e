"""The local-gradient rule of each op, as the book writes it (5장 5.3절–5.6절 / chapter 5, 5.3–5.6).

``backward_rule(node, k, ...)`` gives the rule for the ``k``-th input (``∂L/∂z · y`` for the x of a
multiply node) and, when every number in it is a single number, the rule with the numbers put in
(``1.1 × 150``).  The result printed after it always comes from the engine, never from here.
"""

from __future__ import annotations

import numpy as np

from ..viz.draw import format_number

#: letters for the inputs of an op (z is the output); ops with weights use the book's capitals
_ROLE_LETTERS = {"MatMul": ("X", "W"), "Affine": ("X", "W", "b"), "Conv2d": ("x", "W", "b")}
_GENERIC_LETTERS = ("x", "y", "w", "v", "u")
_CAPITAL_OUTPUT = ("MatMul", "Affine")
_ELEMENTWISE = ("Add", "Sub", "Mul", "Div")

# --- rules that do not depend on the numbers: (english, korean) ----------------------------------
_DESCRIBED = {
    "Sum": ("∂L/∂z copied to every element of x", "∂L/∂z를 x의 모든 원소에 복사"),
    "Max": ("∂L/∂z to the largest element(s) of x, 0 elsewhere", "x의 최댓값 원소에만 ∂L/∂z, 나머지는 0"),
    "Reshape": ("∂L/∂z reshaped back to the shape of x", "∂L/∂z를 x의 모양으로 되돌림"),
    "Transpose": ("∂L/∂z transposed back", "∂L/∂z를 다시 전치"),
    "BroadcastTo": ("∂L/∂z summed over the broadcast axes", "브로드캐스트된 축을 따라 ∂L/∂z를 합함"),
    "GetItem": ("∂L/∂z put back into zeros of the shape of x", "x 모양의 0 배열에 ∂L/∂z를 제자리에 넣음"),
    "Concatenate": ("the part of ∂L/∂z that came from this input", "∂L/∂z 중 이 입력에서 온 부분"),
    "Stack": ("the part of ∂L/∂z that came from this input", "∂L/∂z 중 이 입력에서 온 부분"),
    "MaxPool2d": ("∂L/∂z to the largest element of each window (7장 7.4.4절)",
                  "각 창의 최댓값 위치로 ∂L/∂z (7장 7.4.4절)"),
    "AvgPool2d": ("∂L/∂z ÷ window size to every element of the window",
                  "창의 모든 원소에 ∂L/∂z ÷ 창 크기"),
    "Softmax": ("z ⊙ (∂L/∂z − Σ ∂L/∂z ⊙ z)", "z ⊙ (∂L/∂z − Σ ∂L/∂z ⊙ z)"),
    "LogSoftmax": ("∂L/∂z − softmax(x) · Σ ∂L/∂z", "∂L/∂z − softmax(x) · Σ ∂L/∂z"),
    "SoftmaxCrossEntropy": ("(softmax(x) − t) ÷ N · ∂L/∂z (5장 5.6.3절)",
                            "(softmax(x) − t) ÷ N · ∂L/∂z (5장 5.6.3절)"),
}
_AFFINE_BIAS_RULE = ("∂L/∂Z summed over the batch (5장 5.6.1절)", "∂L/∂Z를 배치 축으로 합함 (5장 5.6.1절)")
_CONV_RULES = (("col2im(Wᵀ · ∂L/∂Z) (7장 7.4절)",) * 2, ("∂L/∂Z · im2col(x)ᵀ",) * 2,
               ("∂L/∂Z summed over N, OH, OW",  "∂L/∂Z를 N, OH, OW 축으로 합함"))


def letters(node) -> tuple:
    """The input letters of ``node`` and the letter of its output: (("x", "y"), "z")."""
    names = _ROLE_LETTERS.get(node.name, _GENERIC_LETTERS)
    count = len(node.inputs)
    if count > len(names):
        names = tuple(f"x{k + 1}" for k in range(count))
    return names[:count], ("Z" if node.name in _CAPITAL_OUTPUT else "z")


def backward_rule(node, k: int, output_value, grad_output, input_values) -> dict:
    """``{"en", "ko", "numbers"}``: the rule for input ``k`` (after ``∂L/∂x =``), and the same rule
    with the numbers put in when every array involved holds one number (else ``None``)."""
    xs, z = letters(node)
    dz = f"∂L/∂{z}"
    en, ko = _rule_text(node, k, xs, dz)
    if node.name in _ELEMENTWISE and np.shape(input_values[k]) != np.shape(output_value):
        en += f", summed back to the shape of {xs[k]} (broadcast)"
        ko += f", 브로드캐스트된 축을 합해 {xs[k]}의 모양으로"
    numbers = None
    arrays = [grad_output, output_value, *input_values]
    if all(a is not None and np.size(a) == 1 for a in arrays):
        numbers = _numbers(node, k, _scalar(grad_output), _scalar(output_value),
                           [_scalar(a) for a in input_values])
    return {"en": en, "ko": ko, "numbers": numbers}


def forward_rule(node, output_value, input_values) -> dict:
    """``{"text", "numbers"}``: ``z = x × y`` and, for single numbers, ``100 × 2``."""
    xs, z = letters(node)
    symbol = node.label()
    if len(xs) == 2 and node.name in ("Add", "Sub", "Mul", "Div", "MatMul"):
        text = f"{z} = {xs[0]} {symbol} {xs[1]}"
        template = "{0} " + symbol + " {1}"
    elif node.name == "Affine":  # the book's Affine layer (5장 5.6.1절)
        text = f"{z} = {xs[0]} @ {xs[1]} + {xs[2]}"
        template = "{0} @ {1} + {2}"
    else:
        text = f"{z} = {symbol}({', '.join(xs)})"
        template = symbol + "(" + ", ".join("{%d}" % i for i in range(len(xs))) + ")"
    numbers = None
    if all(np.size(a) == 1 for a in (*input_values, output_value)):
        numbers = template.format(*[format_number(_scalar(a)) for a in input_values])
    return {"text": text, "numbers": numbers}


def _rule_text(node, k, xs, dz) -> tuple:
    name = node.name
    x = xs[k]
    y = xs[1] if len(xs) > 1 else "y"
    other = xs[1 - k] if len(xs) == 2 else "y"
    math = {
        "Add": f"{dz} · 1",
        "Sub": f"{dz} · 1" if k == 0 else f"{dz} · (−1)",
        "Mul": f"{dz} · {other}",
        "Div": f"{dz} ÷ {y}" if k == 0 else f"{dz} · (−z ÷ {y})",
        "Neg": f"{dz} · (−1)",
        "Pow": f"{dz} · c · {x}^(c−1)",
        "Exp": f"{dz} · z",
        "Log": f"{dz} ÷ {x}",
        "Sqrt": f"{dz} ÷ (2z)",
        "ReLU": f"{dz} · (1 if {x} > 0 else 0)",
        "Sigmoid": f"{dz} · z(1 − z)",
        "Tanh": f"{dz} · (1 − z²)",
        "MatMul": f"{dz} · Wᵀ" if k == 0 else f"Xᵀ · {dz}",
        "Affine": (f"{dz} · Wᵀ", f"Xᵀ · {dz}", None)[min(k, 2)],
        "Mean": f"{dz} ÷ n, copied to every element of {x}",
    }.get(name)
    if math is not None:
        return math, math
    if name == "Conv2d":
        return _CONV_RULES[min(k, 2)]
    if name == "Affine":
        return _AFFINE_BIAS_RULE
    if name in _DESCRIBED:
        return _DESCRIBED[name]
    doc = (type(node).__doc__ or "").strip().splitlines()
    summary = doc[0] if doc else f"the backward rule of {name}"
    return summary, summary


def _numbers(node, k, g, z, xs):
    """The rule with single numbers put in, or None for ops whose rule has no short numeric form."""
    f = format_number
    name = node.name
    if name == "Add":
        return f"{f(g)} × 1"
    if name == "Sub":
        return f"{f(g)} × 1" if k == 0 else f"{f(g)} × (−1)"
    if name == "Mul":
        return f"{f(g)} × {f(xs[1 - k])}"
    if name == "Div":
        return f"{f(g)} ÷ {f(xs[1])}" if k == 0 else f"{f(g)} × (−{f(z)} ÷ {f(xs[1])})"
    if name == "Neg":
        return f"{f(g)} × (−1)"
    if name == "Pow":
        c = getattr(node, "exponent", None)
        return None if c is None else f"{f(g)} × {f(c)} × {f(xs[0])}^{f(c - 1)}"
    if name == "Exp":
        return f"{f(g)} × {f(z)}"
    if name == "Log":
        return f"{f(g)} ÷ {f(xs[0])}"
    if name == "Sqrt":
        return f"{f(g)} ÷ (2 × {f(z)})"
    if name == "ReLU":
        return f"{f(g)} × {1 if xs[0] > 0 else 0}"
    if name == "Sigmoid":
        return f"{f(g)} × {f(z)} × (1 − {f(z)})"
    if name == "Tanh":
        return f"{f(g)} × (1 − {f(z)}²)"
    if name == "MatMul":
        return f"{f(g)} × {f(xs[1 - k])}"
    if name == "Affine":
        return f"{f(g)} × {f(xs[1 - k])}" if k < 2 else f"{f(g)}"
    if name in ("Sum", "Mean", "Reshape", "Transpose", "BroadcastTo"):
        return f"{f(g)}" if name != "Mean" else f"{f(g)} ÷ 1"
    return None


def _scalar(array) -> float:
    return float(np.asarray(array).reshape(-1)[0])
