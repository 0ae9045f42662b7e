"""5장: 사과와 귤 쇼핑의 계산 그래프 / Chapter 5: the apple and apple-orange computational graphs.

엔진이 순전파(가격)와 역전파(각 입력의 미분)를 계산하고, 책처럼 값은 위에, 기울기는 아래 빨간색으로
그린다.  The engine computes the prices forward and every derivative backward; the graphs show
values above each edge and gradients below it in red, like the book's figures.

    python examples/ch05_apple_orange.py [--out DIR] [--quick]
"""

import argparse
from pathlib import Path

from tinygrad_ko import viz


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="out/ch05_apple_orange", help="output directory")
    parser.add_argument("--quick", action="store_true", help="accepted for symmetry: already quick")
    args = parser.parse_args(argv)
    out = Path(args.out)
    written = []
    for name in ("apple", "apple-orange"):
        # 그래프를 만들고 backward(retain_grad=True)로 모든 간선의 기울기를 남긴다
        # build the graph; backward(retain_grad=True) keeps the gradient of every edge
        graph, summary = viz.book_graph(name, with_summary=True)
        print(summary, end="\n\n")
        for suffix in (".svg", ".png"):
            try:
                written += viz.save_graph(graph, out / f"{name.replace('-', '_')}{suffix}")
            except viz.GraphvizNotFoundError as err:
                print(err)
                break
    written = list(dict.fromkeys(written))  # the .dot source is shared by .svg and .png
    print("wrote", ", ".join(str(p) for p in written))
    return written


if __name__ == "__main__":
    main()
