"""7장: im2col과 col2im / Chapter 7: the im2col / col2im walk-through.

The seeds' 4×4 image np.arange(16) with a 2×2 filter of ones and bias 3: im2col turns it into the
(9, 4) matrix of windows, one matmul and the bias give [[13 17 21] [29 33 37] [45 49 53]], and
col2im sends a (9, 4) gradient back, summing where the windows overlap.  Also the book's shapes:
im2col of (1, 3, 7, 7) with a 5×5 filter is (9, 75); of (10, 3, 7, 7) it is (90, 75).

    python examples/ch07_im2col.py [--out DIR] [--quick]
"""

import numpy as np

from _common import parse_args, pyplot, save
from tinygrad_ko import Tensor
from tinygrad_ko.ops.conv import col2im, im2col


def main(argv=None):
    args = parse_args("ch07_im2col", __doc__.splitlines()[0], argv)
    image = np.arange(16, dtype=np.float64).reshape(1, 1, 4, 4)
    col = im2col(image, 2, 2, stride=1, pad=0)
    print("image (1, 1, 4, 4):\n", image[0, 0])
    print("col = im2col(image, 2, 2) (9, 4):\n", col)

    W, b = np.ones((1, 1, 2, 2)), np.full((1,), 3.0)
    by_hand = (col @ W.reshape(1, -1).T + b).reshape(1, 3, 3, 1).transpose(0, 3, 1, 2)
    by_engine = Tensor(image).conv2d(Tensor(W), Tensor(b))
    print("col · W + b, reshaped (1, 1, 3, 3):\n", by_hand[0, 0])
    print("Tensor.conv2d gives the same:", np.array_equal(by_hand, by_engine.data))

    dcol = np.repeat(np.arange(9.0)[:, None], 4, axis=1)   # row i of the gradient is all i
    dx = col2im(dcol, image.shape, 2, 2, stride=1, pad=0)
    print("dcol (9, 4) rows 0..8 → col2im (1, 1, 4, 4):\n", dx[0, 0])

    x1 = np.random.default_rng(0).random((1, 3, 7, 7))
    x2 = np.random.default_rng(0).random((10, 3, 7, 7))
    shapes = (im2col(x1, 5, 5).shape, im2col(x2, 5, 5).shape)
    print("im2col shapes:", shapes[0], shapes[1])   # (9, 75) (90, 75)

    plt = pyplot()
    fig, axes = plt.subplots(1, 4, figsize=(13, 3.6), gridspec_kw={"width_ratios": [4, 4, 3, 4]})
    panels = [(image[0, 0], "image (4×4)"), (col, "im2col -> (9, 4)"),
              (by_engine.data[0, 0], "conv2d + 3 -> (3×3)"), (dx[0, 0], "col2im(dcol) -> (4×4)")]
    for ax, (array, title) in zip(axes, panels):
        ax.imshow(array, cmap="Blues")
        for (i, j), v in np.ndenumerate(array):
            ax.text(j, i, f"{v:g}", ha="center", va="center", fontsize=9)
        ax.set_title(title)
        ax.set_xticks([])
        ax.set_yticks([])
    picture = save(fig, args.out / "im2col.png")
    print("wrote", picture)
    return {"col": col, "conv": by_engine.data, "dx": dx, "shapes": shapes, "picture": picture}


if __name__ == "__main__":
    main()
