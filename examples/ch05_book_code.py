"""5장: 책의 코드를 그대로 / Chapter 5: the book's own scripts, only their import lines changed.

Three of the book's chapter 5 scripts — buy_apple_orange.py (5.4), gradient_check.py (5.7.3) and
train_neuralnet.py (5.7.4) — written as the book writes them, running on tinygrad_ko through
``tinygrad_ko.book``. Then what the engine adds: the trained network's computational graph drawn
with its gradients, and its parameters saved in the safe .npz format.

    python examples/ch05_book_code.py [--out DIR] [--quick]
"""

import numpy as np

from _common import parse_args
from tinygrad_ko import Tensor, viz
from tinygrad_ko.nn import functional as F

# 책의 import 줄만 바꿉니다 / only the book's import lines change:
#   from layer_naive import *                 →  from tinygrad_ko.book import AddLayer, MulLayer
#   from two_layer_net import TwoLayerNet     →  from tinygrad_ko.book import TwoLayerNet
#   from dataset.mnist import load_mnist      →  (offline) the embedded MNIST subset, same signature
from tinygrad_ko.book import AddLayer, MulLayer, TwoLayerNet  # noqa: E402
from tinygrad_ko.book import load_mnist_mini as load_mnist  # noqa: E402


def buy_apple_orange():
    """ch05/buy_apple_orange.py: prints 715, 2.2, 110, 3.3, 165, 650."""
    apple, apple_num, orange, orange_num, tax = 100, 2, 150, 3, 1.1
    mul_apple_layer, mul_orange_layer = MulLayer(), MulLayer()
    add_apple_orange_layer, mul_tax_layer = AddLayer(), MulLayer()

    apple_price = mul_apple_layer.forward(apple, apple_num)  # (1)
    orange_price = mul_orange_layer.forward(orange, orange_num)  # (2)
    all_price = add_apple_orange_layer.forward(apple_price, orange_price)  # (3)
    price = mul_tax_layer.forward(all_price, tax)  # (4)

    dprice = 1
    dall_price, dtax = mul_tax_layer.backward(dprice)  # (4)
    dapple_price, dorange_price = add_apple_orange_layer.backward(dall_price)  # (3)
    dorange, dorange_num = mul_orange_layer.backward(dorange_price)  # (2)
    dapple, dapple_num = mul_apple_layer.backward(dapple_price)  # (1)

    print("price:", int(price))
    print("dApple:", dapple)
    print("dApple_num:", int(dapple_num))
    print("dOrange:", dorange)
    print("dOrange_num:", int(dorange_num))
    print("dTax:", dtax)
    return {"price": price, "dApple": dapple, "dApple_num": dapple_num, "dOrange": dorange,
            "dOrange_num": dorange_num, "dTax": dtax}


def gradient_check(hidden_size):
    """ch05/gradient_check.py: mean |backprop - numerical| per parameter (float64, as the book)."""
    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)
    network = TwoLayerNet(input_size=784, hidden_size=hidden_size, output_size=10)

    x_batch = x_train[:3]
    t_batch = t_train[:3]

    grad_numerical = network.numerical_gradient(x_batch, t_batch)
    grad_backprop = network.gradient(x_batch, t_batch)

    differences = {}
    for key in grad_numerical.keys():  # noqa: SIM118 (the book writes it so)
        diff = np.average(np.abs(grad_backprop[key] - grad_numerical[key]))
        print(key + ":" + str(diff))
        differences[key] = float(diff)
    return differences


def train_neuralnet(iters_num):
    """ch05/train_neuralnet.py: the update line `network.params[key] -= learning_rate * grad[key]`."""
    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)
    network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)

    train_size = x_train.shape[0]
    batch_size = 100
    learning_rate = 0.1
    train_loss_list, train_acc_list, test_acc_list = [], [], []
    iter_per_epoch = max(train_size / batch_size, 1)

    for i in range(iters_num):
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch = x_train[batch_mask]
        t_batch = t_train[batch_mask]

        grad = network.gradient(x_batch, t_batch)  # 오차역전파법 / backprop, on the engine

        for key in ('W1', 'b1', 'W2', 'b2'):
            network.params[key] -= learning_rate * grad[key]

        loss = network.loss(x_batch, t_batch)
        train_loss_list.append(loss)

        if i % iter_per_epoch == 0:
            train_acc = network.accuracy(x_train, t_train)
            test_acc = network.accuracy(x_test, t_test)
            train_acc_list.append(train_acc)
            test_acc_list.append(test_acc)
            print(train_acc, test_acc)
    return network, {"train_loss": train_loss_list, "train_acc": train_acc_list,
                     "test_acc": test_acc_list, "final_test_acc": network.accuracy(x_test, t_test)}


def what_the_engine_adds(network, out):
    """The book's network is an engine model: draw a training step, save the parameters."""
    (x_train, t_train), _ = load_mnist(normalize=True, one_hot_label=True)
    loss = F.cross_entropy(network(Tensor(x_train[:4].astype(np.float64))), t_train[:4])
    loss.name = "손실 loss"
    loss.backward(retain_grad=True)  # every edge keeps its gradient for the drawing
    graph = viz.draw_graph(loss, title="TwoLayerNet (tinygrad_ko.book): one training step")
    written = []
    try:
        written += viz.save_graph(graph, out / "two_layer_net_graph.svg")
    except viz.GraphvizNotFoundError as err:
        print(err)
    params_path = out / "params.pkl"
    network.save_params(str(params_path))  # the book's file name; the engine's safe .npz inside
    written.append(params_path)
    print("wrote", ", ".join(map(str, written)))
    return graph, params_path


def main(argv=None):
    args = parse_args("ch05_book_code", __doc__.splitlines()[0], argv)
    np.random.seed(0)
    print("== buy_apple_orange.py ==")
    prices = buy_apple_orange()
    print("\n== gradient_check.py ==")
    differences = gradient_check(hidden_size=10 if args.quick else 50)
    print("\n== train_neuralnet.py ==")
    network, history = train_neuralnet(iters_num=400 if args.quick else 10000)
    print("\n== + tinygrad_ko: graph and safe parameters ==")
    graph, params_path = what_the_engine_adds(network, args.out)
    return {"prices": prices, "differences": differences, "history": history, "network": network,
            "graph": graph, "params": params_path}


if __name__ == "__main__":
    main()
