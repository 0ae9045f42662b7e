"""6장: 가중치의 초깃값 / Chapter 6: initial weights and the distribution of activations.

1,000 random inputs pass through 5 layers of 100 neurons; the histograms of each layer's activations
show what 6장 6.2.2절 shows: with std 1 sigmoid outputs pile up at 0 and 1 (vanishing gradients), with
std 0.01 they all sit at 0.5 (no diversity), Xavier keeps them spread for sigmoid/tanh, He for ReLU.

    python examples/ch06_weight_init.py [--out DIR] [--quick]
"""

import numpy as np

from _common import parse_args, pyplot, save
from tinygrad_ko import Tensor, no_grad
from tinygrad_ko.nn import init

INITS = {"std 1": lambda shape, rng: init.normal(shape, std=1.0, rng=rng),
         "std 0.01": lambda shape, rng: init.normal(shape, std=0.01, rng=rng),
         "Xavier": init.xavier, "He": init.he}
ACTIVATIONS = {"sigmoid": Tensor.sigmoid, "tanh": Tensor.tanh, "relu": Tensor.relu}


def activations(activation, weight_init, samples=1000, layers=5, width=100, seed=0):
    rng = np.random.default_rng(seed)
    x = Tensor(rng.standard_normal((samples, width)).astype(np.float32))
    outputs = []
    with no_grad():
        for _ in range(layers):
            x = activation(x @ Tensor(weight_init((width, width), rng)))
            outputs.append(x.data)
    return outputs


def main(argv=None):
    args = parse_args("ch06_weight_init", __doc__.splitlines()[0], argv)
    samples = 200 if args.quick else 1000
    plt = pyplot()
    results, pictures = {}, []
    for act_name, activation in ACTIVATIONS.items():
        fig, axes = plt.subplots(len(INITS), 5, figsize=(12, 2.1 * len(INITS)), sharey="row")
        for row, (init_name, weight_init) in enumerate(INITS.items()):
            layers = activations(activation, weight_init, samples=samples)
            results[(act_name, init_name)] = [float(a.std()) for a in layers]
            for col, a in enumerate(layers):
                ax = axes[row, col]
                low, high = {"tanh": (-1, 1), "sigmoid": (0, 1), "relu": (0, 4)}[act_name]
                values = a.ravel()
                if act_name == "relu":  # the exact zeros would dwarf the rest: show a > 0
                    values = values[values > 0]
                # values beyond the range pile up at its right end: exploding activations show
                ax.hist(np.clip(values, low, high), bins=30, range=(low, high), color="C0")
                ax.set_yticks([])
                if row == 0:
                    ax.set_title(f"{col + 1}-layer")
            axes[row, 0].set_ylabel(init_name)
        shown = " (values > 0; values > 4 drawn at 4)" if act_name == "relu" else ""
        fig.suptitle(f"활성화값 분포 / activations with {act_name}{shown}", y=1.0)
        fig.tight_layout()
        pictures.append(save(fig, args.out / f"activations_{act_name}.png"))
    for (act_name, init_name), stds in results.items():
        print(f"{act_name:8s} {init_name:9s} std per layer: " + " ".join(f"{s:.3f}" for s in stds))
    print("wrote", ", ".join(map(str, pictures)))
    return {"stds": results, "pictures": pictures}


if __name__ == "__main__":
    main()
