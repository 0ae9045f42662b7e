"""7장: CNN 시각화 / Chapter 7: what the first layer learns.

The 30 first-layer filters of SimpleConvNet before training (random noise) and after (edge and blob
detectors), as 7장 7.6.1절 shows them, and the responses of two learned filters to one digit: each
lights up where the image has the edge the filter looks for.

    python examples/ch07_visualize_filters.py [--epochs N] [--out DIR] [--quick]
"""

import numpy as np

from _common import parse_args, pyplot, save
from ch07_train_convnet import train
from tinygrad_ko import Tensor, no_grad, plots
from tinygrad_ko.datasets import load_mnist_mini
from tinygrad_ko.models import SimpleConvNet


def main(argv=None):
    def options(parser):
        parser.add_argument("--epochs", type=int, default=None, help="default 5 (1 with --quick)")

    args = parse_args("ch07_visualize_filters", __doc__.splitlines()[0], argv, options)
    before = SimpleConvNet(seed=0).params["W1"].data.copy()   # the same seed train() starts from
    model, history = train("mini", args.epochs or (1 if args.quick else 5), args.quick)
    after = model.params["W1"].data
    filters = plots.plot_filters([("before training / 학습 전", before),
                                  ("after training / 학습 후", after)], args.out / "filters.png")

    _, (x_test, _) = load_mnist_mini(flatten=False)
    image = x_test[:1]
    with no_grad():
        responses = Tensor(image).conv2d(Tensor(after)).data[0]   # (30, 24, 24)
    chosen = np.argsort([r.std() for r in responses])[-2:]       # the two liveliest filters
    plt = pyplot()
    fig, axes = plt.subplots(2, 3, figsize=(8, 5.4))
    for row, k in enumerate(chosen):
        for ax, (array, title) in zip(axes[row], [(image[0, 0], "input"),
                                                  (after[k, 0], f"filter {k}"),
                                                  (responses[k], f"response of filter {k}")]):
            ax.imshow(array, cmap="gray")
            ax.set_title(title)
            ax.axis("off")
    fig.suptitle("학습된 필터의 반응 / responses of two learned filters", y=1.0)
    response_picture = save(fig, args.out / "responses.png")
    change = float(np.abs(after - before).mean() / np.abs(before).mean())
    print(f"test accuracy {history.test_acc[-1]:.3f}; filters changed by {change:.1f}× their "
          f"initial size; wrote {filters}, {response_picture}")
    return {"before": before, "after": after, "pictures": [filters, response_picture]}


if __name__ == "__main__":
    main()
