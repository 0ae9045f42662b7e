"""7장: im2col과 col2im / Chapter 7: the im2col / col2im walk-through.

The lecture notes' 4×4 image np.arange(16) with a 2×2 filter of ones and bias 3: im2col turns it into the
(9, 4) matrix of windows, one matmul and the bias give [[13 17 21] [29 33 37] [45 49 53]], and
col2im sends a (9, 4) gradient back, summing where the windows overlap.  Then the notes' next slides:
a second filter of twos (→ [[23 31 39] [55 63 71] [87 95 103]]), a 2-channel image (col (9, 8)),
padding 1 with a 3×3 filter (first row [17 27 33 25]), the lecture's toy convolution with its
backward pass (engine = matmuls + col2im by hand), and the book's shapes: im2col of (1, 3, 7, 7)
with a 5×5 filter is (9, 75); of (10, 3, 7, 7) it is (90, 75).

    python examples/ch07_im2col.py [--out DIR] [--quick]
"""

import numpy as np

from _common import parse_args, pyplot, save, show_array
from tinygrad_ko import Tensor
from tinygrad_ko.ops.conv import col2im, im2col


def conv_by_hand(x, W, b, pad=0):
    """The book's Convolution.forward (7장 7.4.3절): im2col → col · col_W + b → reshape (N, OH, OW, FN)
    → NCHW."""
    FN, _, FH, FW = W.shape
    N, _, H, Wd = x.shape
    out_h, out_w = H + 2 * pad - FH + 1, Wd + 2 * pad - FW + 1
    col = im2col(x, FH, FW, stride=1, pad=pad)
    col_W = W.reshape(FN, -1).T                      # 필터를 세로로 펼친다 / each filter as a column
    return (col @ col_W + b).reshape(N, out_h, out_w, FN).transpose(0, 3, 1, 2)


def main(argv=None):
    args = parse_args("ch07_im2col", __doc__.splitlines()[0], argv)
    # --- 1. 4×4 이미지, 2×2 필터 하나 / one 2×2 filter on the 4×4 image ---------------------------
    image = np.arange(16, dtype=np.float64).reshape(1, 1, 4, 4)
    col = im2col(image, 2, 2, stride=1, pad=0)
    print("image (1, 1, 4, 4):\n", image[0, 0])
    print("col = im2col(image, 2, 2) (9, 4):\n", col)

    W, b = np.ones((1, 1, 2, 2)), np.full((1,), 3.0)
    by_hand = conv_by_hand(image, W, b)
    by_engine = Tensor(image).conv2d(Tensor(W), Tensor(b))
    print("col · W + b, reshaped (1, 1, 3, 3):\n", by_hand[0, 0])
    print("Tensor.conv2d gives the same:", np.array_equal(by_hand, by_engine.data))

    # --- 2. 역전파: col2im은 겹치는 곳을 더한다 / backward: col2im sums where windows overlap ----------
    dcol = np.repeat(np.arange(9.0)[:, None], 4, axis=1)   # row i of the gradient is all i
    dx = col2im(dcol, image.shape, 2, 2, stride=1, pad=0)
    print("dcol (9, 4) rows 0..8 → col2im (1, 1, 4, 4):\n", dx[0, 0])

    # --- 3. 필터 두 개 (1과 2) / two filters, ones and twos: col_W is (4, 2), out (1, 2, 3, 3) -------
    W2 = np.ones((2, 1, 2, 2))
    W2[1] *= 2
    two_filters = Tensor(image).conv2d(Tensor(W2), Tensor(np.full((2,), 3.0))).data
    print("two filters (ones, twos) + 3 → (1, 2, 3, 3):\n", two_filters[0])

    # --- 4. 채널 두 개 / a 2-channel image np.arange(32): each row holds both channels' window ------
    col_2ch = im2col(np.arange(32.0).reshape(1, 2, 4, 4), 2, 2)
    print("im2col of a (1, 2, 4, 4) image:", col_2ch.shape, "first row", col_2ch[0])

    # --- 5. 패딩 1, 3×3 필터 / padding 1 and a 3×3 filter of ones on 1..16, bias 3 ------------------
    padded = Tensor(np.arange(1.0, 17.0).reshape(1, 1, 4, 4)).conv2d(
        Tensor(np.ones((1, 1, 3, 3))), Tensor(np.full((1,), 3.0)), padding=1).data
    print("padding 1, 3×3 ones + 3 → (1, 1, 4, 4):\n", padded[0, 0])

    # --- 6. 강의 노트의 작은 Conv / the lecture notes' toy conv: 3×3 image, filters of 1s and 2s, bias 1 ---
    # forward by the engine, backward (dout = 1) by the engine and by hand: matmuls + col2im
    x = Tensor(np.arange(9.0).reshape(1, 1, 3, 3), requires_grad=True)
    W_toy = Tensor(np.stack([np.ones((1, 2, 2)), 2 * np.ones((1, 2, 2))]), requires_grad=True)
    b_toy = Tensor(np.ones(2), requires_grad=True)
    toy = x.conv2d(W_toy, b_toy)
    toy.backward(np.ones(toy.shape))
    col_toy = im2col(x.data, 2, 2)                                   # (4, 4)
    col_W = W_toy.data.reshape(2, -1).T                              # (4, 2)
    dout = np.ones((4, 2))                                           # (N·OH·OW, FN)
    by_hand_grads = {"db": dout.sum(axis=0),                                         # Σ over windows
                     "dW": (col_toy.T @ dout).T.reshape(W_toy.shape),                # colᵀ · dout
                     "dx": col2im(dout @ col_W.T, x.shape, 2, 2)}                    # dout · col_Wᵀ
    toy_conv = {"out": toy.data, "db": b_toy.grad.data, "dW": W_toy.grad.data, "dx": x.grad.data,
                "by_hand": by_hand_grads}
    print("toy conv (3×3 image, ones/twos filters, bias 1):\n", toy.data[0])
    print("backward with dout = 1: db", b_toy.grad.data, " dW[0]", W_toy.grad.data[0, 0].tolist(),
          " dx", x.grad.data[0, 0].tolist())
    print("the same by hand (matmuls + col2im):",
          all(np.array_equal(by_hand_grads[k], toy_conv[k]) for k in ("db", "dW", "dx")))

    # --- 7. 책의 형상 / the book's shapes ---------------------------------------------------------
    x1 = np.random.default_rng(0).random((1, 3, 7, 7))
    x2 = np.random.default_rng(0).random((10, 3, 7, 7))
    shapes = (im2col(x1, 5, 5).shape, im2col(x2, 5, 5).shape)
    print("im2col shapes:", shapes[0], shapes[1])   # (9, 75) (90, 75)

    plt = pyplot()
    fig, axes = plt.subplots(1, 4, figsize=(13, 3.6), gridspec_kw={"width_ratios": [4, 4, 3, 4]})
    panels = [(image[0, 0], "image (4×4)"), (col, "im2col -> (9, 4)"),
              (by_engine.data[0, 0], "conv2d + 3 -> (3×3)"), (dx[0, 0], "col2im(dcol) -> (4×4)")]
    for ax, (array, title) in zip(axes, panels):
        show_array(ax, array, title)
    picture = save(fig, args.out / "im2col.png")
    print("wrote", picture)
    return {"col": col, "conv": by_engine.data, "by_hand": by_hand, "dx": dx,
            "two_filters": two_filters, "col_2ch": col_2ch, "padded": padded, "toy_conv": toy_conv,
            "shapes": shapes,
            "picture": picture}


if __name__ == "__main__":
    main()
