"""5장: 역전파를 한 단계씩 보기 / Chapter 5: watch backpropagation one node at a time.

책의 5장 5.4절처럼 사과와 귤 쇼핑 그래프에서 가격의 기울기 1이 곱셈 노드를 지나며 1.1과 650이 되고,
덧셈 노드는 1.1을 그대로 넘기는 과정을 엔진이 실제로 실행한 순서대로 보여 주는 웹 페이지를 만든다.
같은 텐서를 두 번 쓰면 도착한 기울기들이 더해지는 모습(반복 노드, 5장 5.6.2절)도 함께 만든다.
The engine runs backward on the book's apple-orange graph (chapter 5, section 5.4) and the explorer
replays it node by node in an offline web page: the price's 1 becomes 1.1 and 650 at the tax node,
the add node passes 1.1 on, each multiply node swaps its operands.  A second page shows a tensor
used twice receiving its gradients one by one and summing them (the repeat node, chapter 5, section 5.6.2).

    python examples/ch05_explore_backprop.py [--out DIR] [--quick] [--open]
"""

import webbrowser

import numpy as np
from _common import parse_args

from tinygrad_ko import Tensor, viz


def main(argv=None):
    args = parse_args("ch05_explore_backprop", __doc__.splitlines()[0], argv,
                      extra=lambda p: p.add_argument("--open", action="store_true",
                                                     help="open the apple-orange page in a browser"))
    # 1. 책의 사과와 귤 그래프: 순전파만 계산하고, 역전파는 explore가 엔진으로 실행하며 기록한다
    #    the book's graph, forward only; explore runs backward through the engine and records it
    price, title = viz.book_forward("apple-orange")
    shopping = viz.explore(price, args.out / "explore_apple_orange.html", title=title)
    print(shopping)
    for step in shopping.steps:
        if step["phase"] == "backward":
            for entry in step["inputs"]:
                rule = entry["rule"]
                grad = entry["grad"]["text"]
                print(f"   ∂L/∂{entry['letter']} = {rule['en']} = {rule['numbers']} = {grad}")

    # 2. 두 번 쓰인 텐서: x는 두 곱셈 노드로 가고, 역전파에서 2와 8이 도착해 10이 된다
    #    a tensor used twice: x feeds two multiply nodes; backward brings 2 and 8, summed to 10
    x = Tensor(3.0, requires_grad=True, dtype=np.float64, name="x")
    loss = x * 2.0 + x * 8.0
    loss.name = "L"
    repeat = viz.explore(loss, args.out / "explore_repeat_node.html", title="L = 2x + 8x")
    arrival = [e["arrival"] for s in repeat.steps if s["phase"] == "backward"
               for e in s["inputs"] if e["arrival"] and e["arrival"]["complete"]][0]
    print(f"   x: {' + '.join(arrival['parts'])} = {arrival['sum']['text']}")
    frames = [] if args.quick else viz.backprop_frames(price, args.out / "frames")
    if frames:
        print("   frames:", frames[-1])
    if args.open:
        webbrowser.open(shopping.path.resolve().as_uri())
    return {"shopping": shopping, "repeat": repeat, "arrival": arrival, "frames": frames}


if __name__ == "__main__":
    main()
