"""7장: 합성곱 연산과 풀링 / Chapter 7: the convolution and pooling worked examples.

The book's and the lecture notes' numbers (7장 7.2-7.3절), computed by Tensor.conv2d and
Tensor.max_pool2d: the vertical-edge filter (an image with a 0 | 100 edge → rows of 0 300 300 0),
the 4×4 input with a 3×3 filter (15 16 / 6 15, with bias 3 → 18 19 / 9 18), the same with padding 1,
the output-size formula OH = (H + 2P - FH) / S + 1 on the book's three examples, 2×2 max
pooling, and pooling's robustness: two 6×6 inputs that differ by small shifts pool to the same 9 7 / 6 8.

    python examples/ch07_convolution.py [--out DIR] [--quick]
"""

import numpy as np

from _common import parse_args, pyplot, save, show_array
from tinygrad_ko import Tensor

INPUT_4x4 = [[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]]
FILTER_3x3 = [[2, 0, 1], [0, 1, 2], [1, 0, 2]]
# 풀링은 입력의 작은 변화에 영향을 적게 받는다 / pooling hardly notices small shifts
SHIFTED = ([[1, 2, 0, 7, 1, 0], [0, 9, 2, 3, 2, 3], [3, 0, 1, 2, 1, 2],
            [2, 4, 0, 1, 0, 1], [6, 0, 1, 2, 1, 2], [2, 3, 0, 1, 8, 1]],
           [[1, 2, 0, 2, 1, 0], [0, 2, 9, 3, 7, 3], [3, 0, 1, 2, 1, 2],
            [2, 4, 0, 1, 0, 1], [0, 6, 1, 2, 1, 8], [2, 3, 0, 1, 2, 1]])


def image(rows):
    """A 2-D list as a (1, 1, H, W) float64 Tensor: one image, one channel."""
    array = np.array(rows, dtype=np.float64)
    return Tensor(array.reshape(1, 1, *array.shape))


def main(argv=None):
    args = parse_args("ch07_convolution", __doc__.splitlines()[0], argv)
    results = {}

    # 수직 에지 필터 / the vertical-edge filter: -1 0 1 in every row
    edge_image = image([[0, 0, 0, 100, 100, 100]] * 5)
    edge_filter = image([[-1, 0, 1]] * 3)
    results["edge"] = edge_image.conv2d(edge_filter).data[0, 0]
    print("vertical edge filter on a 0 | 100 image:\n", results["edge"])

    # 합성곱 (곱셈-누산), 편향, 패딩 / multiply-accumulate, bias, padding
    x, w = image(INPUT_4x4), image(FILTER_3x3)
    results["conv"] = x.conv2d(w).data[0, 0]
    results["conv_bias"] = x.conv2d(w, Tensor(np.array([3.0]))).data[0, 0]
    results["conv_pad"] = x.conv2d(w, padding=1).data[0, 0]
    print("4×4 input * 3×3 filter:\n", results["conv"], "\n+ bias 3:\n", results["conv_bias"])
    print("with padding 1 (output 4×4):\n", results["conv_pad"])

    # 출력 크기 / output size OH = (H + 2P - FH) / S + 1, the book's three examples (7.2.4절)
    cases = [((4, 4), 1, 1, 3), ((7, 7), 0, 2, 3), ((28, 31), 2, 3, 5)]
    results["sizes"] = []
    for (h, wd), pad, stride, f in cases:
        out = Tensor(np.zeros((1, 1, h, wd))).conv2d(Tensor(np.zeros((1, 1, f, f))),
                                                     stride=stride, padding=pad)
        results["sizes"].append(out.shape[2:])
        print(f"input {h}×{wd}, pad {pad}, stride {stride}, filter {f}×{f} → output "
              f"{out.shape[2]}×{out.shape[3]}")

    # 최대 풀링 / max pooling: 2×2 windows, stride 2 (the stride equals the window)
    results["pool"] = image([[1, 2, 1, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 4, 0, 1]]).max_pool2d(2).data[0, 0]
    results["shifted"] = [image(rows).max_pool2d(3).data[0, 0] for rows in SHIFTED]
    print("2×2 max pooling:\n", results["pool"])
    print("3×3 max pooling of two shifted 6×6 inputs:", *(p.tolist() for p in results["shifted"]))

    plt = pyplot()
    fig, axes = plt.subplots(2, 4, figsize=(13, 6.4),
                             gridspec_kw={"width_ratios": [6, 3, 6, 2]})
    panels = [(edge_image.data[0, 0], "image (0 | 100)"), (edge_filter.data[0, 0], "filter -1 0 1"),
              (results["edge"], "수직 에지 / vertical edge"), (None, ""),
              (np.array(SHIFTED[0]), "input A (6×6)"), (results["shifted"][0], "max pool 3×3"),
              (np.array(SHIFTED[1]), "input B: shifted"), (results["shifted"][1], "max pool 3×3")]
    for ax, (array, title) in zip(axes.ravel(), panels):
        if array is None:
            ax.axis("off")
        else:
            show_array(ax, array, title)
    fig.suptitle("합성곱은 특징을, 풀링은 위치 변화에 둔감한 요약을 / convolution finds features, "
                 "pooling summarises them robustly", y=1.0)
    fig.tight_layout()
    results["picture"] = save(fig, args.out / "convolution.png")
    print("wrote", results["picture"])
    return results


if __name__ == "__main__":
    main()
