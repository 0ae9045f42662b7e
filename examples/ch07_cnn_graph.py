"""7장: CNN의 계산 그래프 / Chapter 7: SimpleConvNet as a computational graph.

Two drawings of the same network: the layer-level figure of the book (Conv → ReLU → Pool → Affine →
ReLU → Affine, each box with its output shape) and the op-level graph of one forward + backward pass
on a batch, grouped in one box per layer, every edge with its shape and the norm of its gradient.

    python examples/ch07_cnn_graph.py [--out DIR] [--quick]
"""

import numpy as np

from _common import parse_args
from tinygrad_ko import viz
from tinygrad_ko.models import SimpleConvNet


def main(argv=None):
    args = parse_args("ch07_cnn_graph", __doc__.splitlines()[0], argv)
    model = SimpleConvNet(seed=0)
    layers = viz.draw_model(model, (1, 1, 28, 28), title="SimpleConvNet: layers / 계층")
    batch = 8 if args.quick else 100
    rng = np.random.default_rng(0)
    loss = model.loss(rng.random((batch, 1, 28, 28), dtype=np.float32), rng.integers(0, 10, batch))
    loss.name = "손실 loss"
    loss.backward(retain_grad=True)       # keep every edge's gradient for the drawing
    ops = viz.draw_graph(loss, title=f"SimpleConvNet: ops of one training step, N = {batch}")
    written = []
    for graph, name in ((layers, "layers"), (ops, "ops")):
        try:
            written += viz.save_graph(graph, args.out / f"simple_convnet_{name}.svg")
            written += viz.save_graph(graph, args.out / f"simple_convnet_{name}.png")[1:]
        except viz.GraphvizNotFoundError as err:
            print(err)
    print("wrote", ", ".join(map(str, written)))
    return {"layers": layers, "ops": ops, "written": written}


if __name__ == "__main__":
    main()
