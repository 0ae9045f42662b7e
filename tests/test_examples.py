"""Every example runs with --quick and shows what its chapter of the book and the lecture notes shows
(numbers, pictures)."""

import importlib
import sys
from pathlib import Path

import matplotlib.image as mpimg
import numpy as np
import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module", autouse=True)
def examples_on_path():
    sys.path.insert(0, str(EXAMPLES))
    yield
    sys.path.remove(str(EXAMPLES))


def run(name, tmp_path, *extra):
    module = importlib.import_module(name)
    return module.main(["--quick", "--out", str(tmp_path), *extra])


def assert_picture(path, min_side=150):
    image = mpimg.imread(path)
    assert image.shape[0] >= min_side and image.shape[1] >= min_side
    assert image[..., :3].std() > 0.01  # not a blank canvas


def test_ch02_gates_and_learned_boundaries(tmp_path):
    result = run("ch02_perceptron", tmp_path)
    assert result["tables"] == {"AND": [0, 0, 0, 1], "NAND": [1, 1, 1, 0], "OR": [0, 1, 1, 1],
                                "XOR": [0, 1, 1, 0]}
    accuracy = result["accuracy"]
    assert accuracy["AND"] == accuracy["NAND"] == accuracy["OR"] == 1.0
    assert accuracy["XOR (1 layer)"] < 1.0 <= accuracy["XOR (2 layers)"]  # one line cannot split XOR
    assert_picture(result["picture"])


def test_ch03_forward_numbers(tmp_path):
    result = run("ch03_forward", tmp_path)
    np.testing.assert_allclose(result["y"], [0.31682708, 0.69627909], rtol=1e-7)
    np.testing.assert_allclose(result["notes_softmax"], [0.73, 0.24, 0.03], atol=0.005)  # 73% 24% 3%
    np.testing.assert_allclose(result["softmax"], [0.01821127, 0.24519181, 0.73659691], rtol=1e-6)
    assert np.all(np.isnan(result["naive"]))
    np.testing.assert_allclose(result["guarded"], [9.99954600e-01, 4.53978686e-05, 2.06106005e-09],
                               rtol=1e-6)
    assert_picture(result["picture"])


def test_ch04_numerical_diff_and_descent(tmp_path):
    result = run("ch04_numerical_gradient", tmp_path)
    assert result["d5"] == pytest.approx(0.1999999999990898, abs=1e-15)
    assert result["d10"] == pytest.approx(0.2999999999986347, abs=1e-15)
    np.testing.assert_allclose(result["numeric"], [6.0, 8.0], atol=1e-6)
    np.testing.assert_array_equal(result["backward"], [6.0, 8.0])
    assert np.linalg.norm(result["path"][-1]) < 0.1 * np.linalg.norm(result["path"][0])
    assert_picture(result["picture"])


def test_ch05_apple_orange(tmp_path, capsys):
    written = run("ch05_apple_orange", tmp_path)
    out = capsys.readouterr().out
    for line in ("price: 220", "dTax: 200", "price: 715", "dApple: 2.2", "dOrange: 3.3",
                 "dOrange_num: 165", "dTax: 650"):
        assert line in out
    svg = (tmp_path / "apple_orange.svg").read_text(encoding="utf-8")
    assert ">715<" in svg and ">650<" in svg
    assert any(p.suffix == ".png" for p in written)


def test_ch05_explore_backprop_pages(tmp_path, capsys):
    result = run("ch05_explore_backprop", tmp_path)
    out = capsys.readouterr().out
    for line in ("∂L/∂y = ∂L/∂z · x = 1 × 650 = 650", "∂L/∂y = ∂L/∂z · x = 1.1 × 150 = 165",
                 "∂L/∂x = ∂L/∂z · y = 1.1 × 2 = 2.2"):
        assert line in out
    assert sorted(result["arrival"]["parts"]) == ["2", "8"] and result["arrival"]["sum"]["value"] == 10
    for name in ("explore_apple_orange.html", "explore_repeat_node.html"):
        assert 'id="explore-data"' in (tmp_path / name).read_text(encoding="utf-8")


def test_ch05_layers_backward_gives_the_lecture_notes_numbers(tmp_path):
    result = run("ch05_layers", tmp_path)
    y, dx = result["relu"]
    np.testing.assert_array_equal(y, [1, 0, 2, 0])
    np.testing.assert_array_equal(dx, [3, 0, 3, 0])
    y, dx = result["sigmoid"]
    np.testing.assert_allclose(dx, 30 * y * (1 - y), rtol=1e-12)
    affine = result["affine"]
    np.testing.assert_array_equal(affine["Y"], [[4, 4, 4], [7, 7, 7]])
    np.testing.assert_array_equal(affine["dX"], [[3, 6], [3, 6]])
    np.testing.assert_array_equal(affine["dW"], [[3, 3, 3], [3, 3, 3]])
    np.testing.assert_array_equal(affine["db"], [2, 2, 2])
    assert result["cross_entropy"] == pytest.approx(1.75, abs=0.01)
    loss, dx = result["softmax_loss"]
    assert loss == pytest.approx(1.95, abs=0.01)
    np.testing.assert_allclose(dx, [[-0.4, 0.05, 0.35], [0.15, -0.45, 0.3]], atol=1e-12)
    assert_picture(result["picture"])


def test_ch05_gradient_check_agrees_to_rounding(tmp_path):
    differences = run("ch05_gradient_check", tmp_path)
    assert set(differences) == {"W1", "b1", "W2", "b2"}
    assert max(differences.values()) < 1e-7  # the book prints ~1e-10 .. 1e-13 in float64


def test_ch05_two_layer_net_learns(tmp_path):
    result = run("ch05_train_two_layer", tmp_path)
    history = result["history"]
    assert history.test_acc[-1] > 0.5 and history.iteration_loss[-1] < history.iteration_loss[0]
    assert_picture(result["picture"])


def test_ch05_book_code_runs_the_books_scripts(tmp_path, capsys):
    result = run("ch05_book_code", tmp_path)
    out = capsys.readouterr().out
    assert "price: 715\ndApple: 2.2\ndApple_num: 110\ndOrange: 3.3000000000000003\n" \
           "dOrange_num: 165\ndTax: 650\n" in out
    assert max(result["differences"].values()) < 1e-7
    assert result["history"]["final_test_acc"] >= 0.85  # 400 steps of params[key] -= lr * grad[key]
    assert (tmp_path / "params.pkl").read_bytes()[:2] == b"PK"  # an .npz, whatever the name
    assert "Affine1" in result["graph"].source and "Relu1" in result["graph"].source


def test_ch06_optimizer_paths_and_mnist_losses(tmp_path):
    result = run("ch06_optimizers", tmp_path)
    for name, points in result["paths"].items():
        start, end = points[0], points[-1]
        assert np.hypot(end[0], end[1]) < np.hypot(start[0], start[1]) / 3, name
    def crossings(name):  # how often the path crosses the valley floor y = 0
        return int(np.sum(np.diff(np.sign(result["paths"][name][:, 1])) != 0))

    assert crossings("SGD") > 10  # SGD zig-zags across the valley
    assert crossings("AdaGrad") <= 2 and crossings("Adam") <= 2  # smooth, as 6장 6.1.7절 draws them
    for name, curve in result["losses"].items():
        assert curve[-5:].mean() < curve[:5].mean(), name
    assert_picture(result["picture"])


def test_ch06_weight_init_shows_the_books_distributions(tmp_path):
    result = run("ch06_weight_init", tmp_path)
    stds = result["stds"]
    assert stds[("sigmoid", "std 1")][-1] > 0.35      # piled up at 0 and 1
    assert stds[("sigmoid", "std 0.01")][-1] < 0.05   # all near 0.5
    assert stds[("sigmoid", "Xavier")][-1] > 0.1      # spread: neither piled up nor collapsed
    assert stds[("relu", "std 1")][-1] > 100 * stds[("relu", "std 1")][0]  # explodes layer by layer
    assert stds[("relu", "He")][-1] > 2 * stds[("relu", "Xavier")][-1]  # He keeps ReLU layers alive
    assert stds[("tanh", "std 0.01")][-1] < 0.01
    for picture in result["pictures"]:
        assert_picture(picture)


def test_ch06_batchnorm_learns_where_plain_training_is_stuck(tmp_path):
    result = run("ch06_batchnorm", tmp_path)
    curves = result["curves"]
    assert curves[(0.01, True)][-1] > curves[(0.01, False)][-1] + 0.1
    assert_picture(result["picture"])


def test_ch06_overfitting_gap_and_remedies(tmp_path):
    result = run("ch06_overfitting", tmp_path)
    for name, (train, test) in result["results"].items():
        assert train[-1] > train[0] + 0.1 and test[-1] > test[0] + 0.05, name
    train, test = result["results"]["plain"]
    assert train[-1] > test[-1]  # the start of the gap
    assert_picture(result["picture"])


def test_ch06_sigmoid_gradients_vanish_relu_gradients_do_not(tmp_path):
    result = run("ch06_vanishing_gradient", tmp_path)
    sigmoid, relu = result["magnitudes"]["sigmoid (Xavier)"], result["magnitudes"]["ReLU (He)"]
    assert sigmoid[0] / sigmoid[-1] < 1e-2       # shrinks towards the input
    assert relu[0] / relu[-1] > 0.1              # stays level
    assert np.all(np.diff(np.log(sigmoid)) > 0)  # layer after layer
    assert_picture(result["picture"])


def test_ch07_convolution_and_pooling_worked_examples(tmp_path):
    result = run("ch07_convolution", tmp_path)
    np.testing.assert_array_equal(result["edge"], [[0, 300, 300, 0]] * 3)  # the vertical edge
    np.testing.assert_array_equal(result["conv"], [[15, 16], [6, 15]])
    np.testing.assert_array_equal(result["conv_bias"], [[18, 19], [9, 18]])
    np.testing.assert_array_equal(result["conv_pad"], [[7, 12, 10, 2], [4, 15, 16, 10],
                                                       [10, 6, 15, 6], [8, 10, 4, 3]])
    assert result["sizes"] == [(4, 4), (3, 3), (10, 11)]
    np.testing.assert_array_equal(result["pool"], [[2, 3], [4, 2]])
    for pooled in result["shifted"]:  # small shifts, the same summary
        np.testing.assert_array_equal(pooled, [[9, 7], [6, 8]])
    assert_picture(result["picture"])


def test_ch07_im2col_walk_through(tmp_path):
    result = run("ch07_im2col", tmp_path)
    np.testing.assert_array_equal(result["col"][[0, 4, 8]], [[0, 1, 4, 5], [5, 6, 9, 10],
                                                             [10, 11, 14, 15]])
    assert result["col"].shape == (9, 4)
    np.testing.assert_array_equal(result["conv"][0, 0], [[13, 17, 21], [29, 33, 37], [45, 49, 53]])
    # each pixel receives the sum of the indices of the windows that cover it
    np.testing.assert_array_equal(result["dx"][0, 0], [[0, 1, 3, 2], [3, 8, 12, 7], [9, 20, 24, 13],
                                                       [6, 13, 15, 8]])
    np.testing.assert_array_equal(result["by_hand"], result["conv"])  # im2col · col_W = conv2d
    # the lecture notes' next slides (7.4.3절): a filter of twos, two channels, padding 1 with a 3×3 filter
    np.testing.assert_array_equal(result["two_filters"][0, 1], [[23, 31, 39], [55, 63, 71],
                                                                [87, 95, 103]])
    assert result["col_2ch"].shape == (9, 8)
    np.testing.assert_array_equal(result["col_2ch"][[0, 2]], [[0, 1, 4, 5, 16, 17, 20, 21],
                                                              [2, 3, 6, 7, 18, 19, 22, 23]])
    np.testing.assert_array_equal(result["padded"][0, 0, 0], [17, 27, 33, 25])
    toy = result["toy_conv"]  # the lecture notes' toy convolution, forward and backward
    np.testing.assert_array_equal(toy["out"][0], [[[9, 13], [21, 25]], [[17, 25], [41, 49]]])
    np.testing.assert_array_equal(toy["db"], [4, 4])
    np.testing.assert_array_equal(toy["dW"][:, 0], [[[8, 12], [20, 24]]] * 2)
    np.testing.assert_array_equal(toy["dx"][0, 0], [[3, 6, 3], [6, 12, 6], [3, 6, 3]])
    for name, by_hand in toy["by_hand"].items():
        np.testing.assert_array_equal(by_hand, toy[name], err_msg=name)
    assert result["shapes"] == ((9, 75), (90, 75))
    assert_picture(result["picture"])


def test_ch07_train_convnet_saves_loadable_parameters(tmp_path):
    from tinygrad_ko.models import SimpleConvNet

    result = run("ch07_train_convnet", tmp_path)
    history = result["history"]
    assert history.iteration_loss[-1] < history.iteration_loss[0]
    assert history.test_acc[-1] > 0.2  # one quick epoch on 500 images: well above chance
    SimpleConvNet().load(result["params"])
    assert_picture(result["picture"])


def test_ch07_filters_change_with_training(tmp_path):
    result = run("ch07_visualize_filters", tmp_path)
    # five Adam steps of about 1e-3 each already move std-0.01 filters by a good part of their size
    assert np.abs(result["after"] - result["before"]).mean() > 0.2 * np.abs(result["before"]).mean()
    for picture in result["pictures"]:
        assert_picture(picture)


def test_ch07_cnn_graphs(tmp_path):
    result = run("ch07_cnn_graph", tmp_path)
    assert "(1, 30, 24, 24)" in result["layers"].source
    assert "(8, 30, 12, 12)" in result["ops"].source and "#d62728" in result["ops"].source
    pngs = [p for p in result["written"] if p.suffix == ".png"]
    assert len(pngs) == 2  # the layer figure and the op graph, rendered by graphviz
    for png in pngs:
        assert_picture(png, min_side=40)  # the layer figure is one wide row


def test_ch08_deep_convnet_trains_and_shows_mistakes(tmp_path):
    result = run("ch08_deep_convnet", tmp_path)
    history = result["history"]
    assert np.mean(history.iteration_loss[-2:]) < np.mean(history.iteration_loss[:2])
    assert 0 < result["wrong"] <= 100
    assert_picture(result["picture"], min_side=100)


def test_ch08_float16_inference_keeps_the_accuracy(tmp_path):
    result = run("ch08_half_float", tmp_path)
    assert result["bytes"][1] * 2 == result["bytes"][0]
    assert abs(result["float16"] - result["float32"]) < 0.02
    assert result["float32"] > 0.2


def test_ch08_distributed_two_workers_keep_identical_replicas(tmp_path):
    pytest.importorskip("ray")  # the "distributed" extra; the test extra installs it
    result = run("ch08_distributed", tmp_path)  # a local 2-worker Ray instance, shut down after
    assert result["shard_sizes"] == [50, 50]
    assert result["identical"] is True  # every replica equals the driver's model, bitwise
    history = result["history"]
    assert history.iteration_loss[-1] < history.iteration_loss[0]
    assert history.test_acc[-1] > 0.2  # one quick epoch on 500 images, as ch07_train_convnet
    assert sorted(result["throughput"]) == [1, 2] and min(result["throughput"].values()) > 0
    assert_picture(result["picture"])


# --- higher-order gradients (backward(create_graph=True), tinygrad_ko.grad) ---------------------
def test_ch04_newton_method_reaches_one_in_seven_steps(tmp_path):
    result = run("ch04_newton_method", tmp_path)
    # the same iteration with f′ = 4x³ − 4x and f″ = 12x² − 4 written out by hand, in plain floats
    expected = [2.0]
    for _ in range(10):
        x = expected[-1]
        expected.append(x - (4 * x ** 3 - 4 * x) / (12 * x ** 2 - 4))
    np.testing.assert_allclose(result["xs"], expected, rtol=1e-14, atol=0)
    np.testing.assert_allclose(result["xs"][:7], [2.0, 1.4545454545454546, 1.1510467893775467,
                                                  1.0253259289766978, 1.0009084519430513,
                                                  1.0000012353089454, 1.000000000002289], rtol=1e-12)
    assert result["steps_to_one"] == 7 and result["xs"][7] == 1.0 and result["xs"][6] != 1.0
    assert result["derivatives"][0] == (24.0, 44.0)  # f′(2) = 32 − 8, f″(2) = 48 − 4
    assert result["descent_steps"] > 100  # gradient descent (lr 0.01) needs far more steps
    assert_picture(result["picture"])


def test_ch05_sin_derivatives_cycle_through_cos_minus_sin_minus_cos(tmp_path):
    result = run("ch05_sin_derivatives", tmp_path)
    x, curves = result["x"], result["curves"]
    assert len(curves) == 5  # orders 0..4 with --quick
    for order, expected in enumerate([np.sin(x), np.cos(x), -np.sin(x), -np.cos(x), np.sin(x)]):
        np.testing.assert_allclose(curves[order], expected, atol=1e-12, err_msg=f"order {order}")
    assert max(result["errors"]) <= 1e-12
    assert_picture(result["picture"])


def test_ch05_hessian_vector_product_matches_the_explicit_hessian(tmp_path):
    result = run("ch05_hessian_vector_product", tmp_path)
    assert result["hvp_error"] <= 1e-10
    assert result["symmetry_error"] <= 1e-12
    assert result["numeric_error"] <= 1e-6  # against central differences of the first gradient
    H = result["hessian"]
    assert H.shape == (result["count"], result["count"]) == (17, 17)
    assert np.abs(H).max() > 0.1  # a real Hessian, not zeros that would match anything
    assert_picture(result["picture"])


def test_ch06_gradient_penalty_shrinks_and_its_gradient_is_right(tmp_path):
    result = run("ch06_gradient_penalty", tmp_path)
    penalty = result["history"]["penalty"]
    assert penalty[-25:].mean() < 0.2 * penalty[:5].mean()  # the penalty shrinks while training
    start, end = result["history"]["c"][0], result["history"]["c"][-1]
    real_mean = np.array([2.0, 1.0])
    assert np.linalg.norm(end - real_mean) < 0.8 * np.linalg.norm(start - real_mean)
    assert_picture(result["picture"])

    # the penalty's gradient with respect to the critic's weights (a second derivative of D)
    # against central differences of the penalty itself
    from tinygrad_ko.testing import numerical_gradient

    gp = importlib.import_module("ch06_gradient_penalty")
    critic = gp.Critic(np.random.default_rng(1))
    data = np.random.default_rng(2)
    real, fake = data.standard_normal((6, 2)) + 2, data.standard_normal((6, 2))

    def penalty_value():
        return gp.gradient_penalty(critic, real, fake, np.random.default_rng(3))

    weight = critic.l1.W
    weight.grad = None
    penalty_value().backward()
    numeric = numerical_gradient(lambda _: penalty_value().item(), weight, eps=1e-6)
    assert np.abs(numeric).max() > 1e-3  # the penalty does depend on the first layer
    np.testing.assert_allclose(weight.grad.data, numeric, rtol=1e-5, atol=1e-8)
