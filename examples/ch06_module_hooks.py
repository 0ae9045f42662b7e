"""6장: 층마다 들여다보기 — 모듈 훅 / Chapter 6: looking inside every layer with module hooks.

Sections 6.2.2 (activation distributions) and the vanishing gradient of 6.2, measured on an
``nn.Sequential`` model without changing its code: a forward hook on every activation layer records
the spread of its output, a full backward hook on every Linear layer records the size of the
gradient that reaches its output (∂L/∂y, the hook's grad_output).  With sigmoid that gradient
shrinks layer by layer towards the input; with ReLU and He initial weights it stays level.
The hooks are removed at the end.

    python examples/ch06_module_hooks.py [--out DIR] [--quick]
"""

import numpy as np

from _common import parse_args, pyplot, save
from tinygrad_ko import nn
from tinygrad_ko.datasets import load_mnist_mini
from tinygrad_ko.nn import functional as F

SETUPS = {"sigmoid (Xavier)": (nn.Sigmoid, "xavier"), "ReLU (He)": (nn.ReLU, "he")}


def build(activation, weight_init, layers, width=100, seed=0):
    parts = []
    sizes = [784] + [width] * (layers - 1)
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        parts += [nn.Linear(n_in, n_out, weight_init=weight_init, rng=seed + i), activation()]
    return nn.Sequential(*parts, nn.Linear(width, 10, weight_init=weight_init, rng=seed + layers))


def watch(model, x, t):
    """One forward and backward pass with hooks: activation std and mean |∂L/∂y| per layer."""
    spreads, gradients, handles = {}, {}, []
    for name, layer in model.named_children():
        if isinstance(layer, nn.Linear):
            handles.append(layer.register_full_backward_hook(
                lambda m, grad_in, grad_out, name=name: gradients.__setitem__(
                    name, float(np.abs(grad_out[0].data).mean()))))
        else:
            handles.append(layer.register_forward_hook(
                lambda m, inputs, out, name=name: spreads.__setitem__(name, float(out.data.std()))))
    F.cross_entropy(model(x), t).backward()
    for handle in handles:
        handle.remove()
    order = [name for name, _ in model.named_children()]
    return ([spreads[n] for n in order if n in spreads], [gradients[n] for n in order if n in gradients])


def main(argv=None):
    args = parse_args("ch06_module_hooks", __doc__.splitlines()[0], argv)
    (x, t), _ = load_mnist_mini()
    x, t = x[:100], t[:100]
    layers = 6 if args.quick else 10
    results = {}
    for name, (activation, weight_init) in SETUPS.items():
        model = build(activation, weight_init, layers)
        spreads, gradients = watch(model, x, t)
        results[name] = {"activation_std": spreads, "gradient": gradients,
                         "hooks_left": sum(len(m.__dict__.get("_forward_hooks", {})) +
                                           len(m.__dict__.get("_backward_hooks", {}))
                                           for m in model.modules())}
        print(f"{name:17s} activation std per layer: " + " ".join(f"{s:.3f}" for s in spreads))
        print(f"{'':17s} mean |dL/d output| per Linear: " + " ".join(f"{g:.1e}" for g in gradients))

    plt = pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    for name, r in results.items():
        left.plot(np.arange(1, len(r["activation_std"]) + 1), r["activation_std"], "o-", label=name)
        right.plot(np.arange(1, len(r["gradient"]) + 1), np.log10(r["gradient"]), "o-", label=name)
    left.set_title("순전파 훅: 활성화값 표준편차 / forward hooks: activation std")
    right.set_title("역전파 훅: 기울기 크기 / backward hooks: gradient size")
    left.set_xlabel("activation layer")
    right.set_xlabel("Linear layer (1 = next to the input)")
    right.set_ylabel(r"$\log_{10}$ mean $|\partial L / \partial y|$")
    for ax in (left, right):
        ax.legend()
        ax.grid(alpha=0.3)
    picture = save(fig, args.out / "module_hooks.png")
    print("wrote", picture)
    return {"results": results, "picture": picture}


if __name__ == "__main__":
    main()
