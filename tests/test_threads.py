"""Engine state is per thread: one thread's no_grad / anomaly mode / retained graph never
changes another's gradients (issue: reliability round 2)."""

import gc
import sys
import threading

import numpy as np

import tinygrad_ko as tk
from tinygrad_ko import Tensor, nn, no_grad
from tinygrad_ko.nn import functional as F

ROUNDS = 200


def run_threads(*targets):
    errors = []

    def guarded(target):
        try:
            target()
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=guarded, args=(t,)) for t in targets]
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        sys.setswitchinterval(old)
    assert not any(t.is_alive() for t in threads), "a thread did not finish"
    assert not errors, errors


def mlp_gradients(model, x, t):
    for p in model.parameters():
        p.grad = None
    F.cross_entropy(model(Tensor(x)), t).backward()
    return [p.grad.data.copy() for p in model.parameters()]


def test_inference_under_no_grad_beside_training_never_loses_a_gradient():
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((8, 4)), rng.integers(0, 3, 8)
    model = nn.Sequential(nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 3))
    expected = mlp_gradients(model, x, t)
    stop = threading.Event()
    mismatches = []

    def serve():
        while not stop.is_set():
            with no_grad():  # a serving thread calling predict
                model(Tensor(x))

    def train():
        try:
            for _ in range(ROUNDS):
                got = mlp_gradients(model, x, t)
                if not all(np.array_equal(a, b) for a, b in zip(got, expected)):
                    mismatches.append(got)
        finally:
            stop.set()

    run_threads(serve, train)
    assert mismatches == []
    assert tk.is_grad_enabled()


def test_anomaly_mode_in_one_thread_does_not_reach_another():
    stop = threading.Event()
    raised = []

    def watch():
        with tk.detect_anomaly():
            while not stop.is_set():
                (Tensor([1.0], requires_grad=True) * 2).sum().backward()

    def compute_log_of_zero():
        try:
            for _ in range(ROUNDS):
                with np.errstate(divide="ignore"):
                    try:
                        Tensor([0.0], requires_grad=True).log().sum().backward()
                    except FloatingPointError as err:
                        raised.append(err)
        finally:
            stop.set()

    run_threads(watch, compute_log_of_zero)
    assert raised == []


def test_concurrent_retained_conv_backward_gives_the_single_threaded_gradient():
    rng = np.random.default_rng(1)
    x = Tensor(rng.standard_normal((2, 2, 6, 6)), requires_grad=True)
    W = Tensor(rng.standard_normal((3, 2, 3, 3)), requires_grad=True)

    def reference():
        x.grad = W.grad = None
        y = (x.conv2d(W, padding=1) ** 2).sum()
        y.backward(retain_graph=True)
        first = W.grad.data.copy()
        W.grad = None
        y.backward()
        return first, W.grad.data.copy()

    expected = reference()
    results = []

    def worker(seed):
        def run():
            local_x = Tensor(x.data.copy(), requires_grad=True)
            local_W = Tensor(W.data.copy(), requires_grad=True)
            for _ in range(ROUNDS // 4):
                y = (local_x.conv2d(local_W, padding=1) ** 2).sum()
                y.backward(retain_graph=seed == 0)  # one thread retains, the other does not
                first = local_W.grad.data.copy()
                local_W.grad = None
                if seed == 0:
                    y.backward()
                    results.append((first, local_W.grad.data.copy()))
                else:
                    results.append((first, first))
                local_W.grad = local_x.grad = None
        return run

    run_threads(worker(0), worker(1))
    for first, second in results:
        np.testing.assert_array_equal(first, expected[0])
        np.testing.assert_array_equal(second, expected[1])


def test_backward_leaves_the_garbage_collector_as_it_was():
    assert gc.isenabled()
    stop = threading.Event()
    seen_disabled = []

    def backprop():
        try:
            for _ in range(ROUNDS):
                x = Tensor(np.ones(10), requires_grad=True)
                y = x
                for _ in range(20):
                    y = y * 1.5
                y.sum().backward()
        finally:
            stop.set()

    def watch():
        while not stop.is_set():
            if not gc.isenabled():
                seen_disabled.append(True)

    run_threads(backprop, watch)
    assert gc.isenabled() and not seen_disabled


def test_a_new_thread_starts_with_the_defaults():
    seen = {}

    def look():
        seen.update(grad=tk.is_grad_enabled(), anomaly=tk.ops.GraphState.anomaly_mode,
                    scope=tk.ops.GraphState.scope)

    with no_grad(), tk.detect_anomaly(), tk.graph_scope("Outer"):
        thread = threading.Thread(target=look)
        thread.start()
        thread.join()
    assert seen == {"grad": True, "anomaly": False, "scope": None}
