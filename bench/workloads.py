"""One benchmark workload in this process: ``python bench/workloads.py W4 tinygrad_ko``.

Prints one JSON object of measurements (medians over iterations after a warm-up).  run.py starts a
fresh process per (workload, engine, repeat) and reports medians across processes.
Engines: tinygrad_ko, book (bench/book_baseline.py: the book's layer-style NumPy), torch.
"""

import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
QUICK = "--quick" in sys.argv


def median_seconds(step, iterations, warmup=3):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


# --- W1 / W2: per-node overhead, deep chain -----------------------------------------------------------
def chain(engine, links, op, shape=()):
    """Forward + backward through ``links`` repetitions of ``op`` on a float32 tensor of
    ``shape`` (summed at the end when it is not a scalar); returns the step function."""
    start = np.ones(shape, dtype=np.float32)
    if engine == "tinygrad_ko":
        from tinygrad_ko import Tensor

        def run():
            x = Tensor(start, requires_grad=True)
            y = x
            for _ in range(links):
                y = op(y)
            (y.sum() if shape else y).backward()
    elif engine == "torch":
        import torch

        def run():
            x = torch.tensor(start, requires_grad=True)
            y = x
            for _ in range(links):
                y = op(y)
            (y.sum() if shape else y).backward()
    else:
        return None
    return run


def w1(engine):
    """1,000-node scalar chain: 500 × (y * 1.0001 + 0.5) = 1,000 ops; µs per node, fwd + bwd."""
    run = chain(engine, 500, lambda y: y * 1.0001 + 0.5)
    if run is None:
        return {}
    return {"us_per_node": median_seconds(run, 10 if QUICK else 50) / 1000 * 1e6}


def w1_big(engine):
    """The W1 chain on (100, 100) tensors: per-node overhead plus memory traffic; µs per node."""
    run = chain(engine, 500, lambda y: y * 1.0001 + 0.5, shape=(100, 100))
    if run is None:
        return {}
    return {"us_per_node": median_seconds(run, 10 if QUICK else 50) / 1001 * 1e6}


def w2(engine):
    """100,000 ops deep: y = y * 1.00001, 100,000 times; seconds, fwd + bwd."""
    run = chain(engine, 100_000, lambda y: y * 1.00001)
    if run is None:
        return {}
    return {"seconds": median_seconds(run, 1 if QUICK else 3, warmup=1)}


def w2_wide(engine):
    """100,000 wide: one tensor times 100,000 constants, summed in one node; seconds."""
    if engine != "tinygrad_ko":
        return {}
    from tinygrad_ko import Tensor, stack

    def run():
        x = Tensor(2.0, requires_grad=True)
        stack([x * float(i) for i in range(100_000)]).sum().backward()
    return {"seconds": median_seconds(run, 1 if QUICK else 3, warmup=1)}


# --- W3 / W4: training steps ----------------------------------------------------------------------------
def training_step(engine, model_name, batch, optimizer_name):
    """A function doing one training step of the named model on random data."""
    rng = np.random.default_rng(0)
    shape = (batch, 784) if model_name == "mlp" else (batch, 1, 28, 28)
    labels = rng.integers(0, 10, batch)
    if engine == "book":
        import book_baseline as book

        x = rng.random(shape)  # the book works in float64
        net = (book.mlp if model_name == "mlp" else book.simple_convnet)(rng)
        optimizer = book.SGD(0.1) if optimizer_name == "sgd" else book.Adam(0.001)
        return lambda: optimizer.update(net.params, net.gradient(x, labels)), lambda: net.predict(x)
    if engine == "tinygrad_ko":
        from tinygrad_ko import Tensor, nn, no_grad
        from tinygrad_ko.models import SimpleConvNet
        from tinygrad_ko.nn import functional as F
        from tinygrad_ko.nn import optim

        # the input Tensor made once, as the PyTorch engine's tensor is (Tensor() copies the array)
        x = Tensor(rng.random(shape, dtype=np.float32))
        model = (nn.Sequential(nn.Linear(784, 50), nn.ReLU(), nn.Linear(50, 10))
                 if model_name == "mlp" else SimpleConvNet(seed=0))
        optimizer = (optim.SGD(model.parameters(), lr=0.1) if optimizer_name == "sgd"
                     else optim.Adam(model.parameters(), lr=0.001))

        def step():
            optimizer.zero_grad()
            F.cross_entropy(model(x), labels).backward()
            optimizer.step()

        def infer():
            with no_grad():
                model(x)
        return step, infer
    if engine == "torch":
        import torch

        x, t = torch.tensor(rng.random(shape, dtype=np.float32)), torch.tensor(labels)
        if model_name == "mlp":
            model = torch.nn.Sequential(torch.nn.Linear(784, 50), torch.nn.ReLU(),
                                        torch.nn.Linear(50, 10))
        else:
            model = torch.nn.Sequential(torch.nn.Conv2d(1, 30, 5), torch.nn.ReLU(),
                                        torch.nn.MaxPool2d(2), torch.nn.Flatten(),
                                        torch.nn.Linear(4320, 100), torch.nn.ReLU(),
                                        torch.nn.Linear(100, 10))
        optimizer = (torch.optim.SGD(model.parameters(), lr=0.1) if optimizer_name == "sgd"
                     else torch.optim.Adam(model.parameters(), lr=0.001))

        def step():
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), t).backward()
            optimizer.step()

        def infer():
            with torch.no_grad():
                model(x)
        return step, infer
    raise ValueError(engine)


def w3(engine):
    """MLP 784-50-10 ReLU, batch 100, softmax cross-entropy, SGD; ms per step."""
    step, _ = training_step(engine, "mlp", 100, "sgd")
    return {"ms_per_step": median_seconds(step, 50 if QUICK else 300) * 1e3}


def w4(engine):
    """SimpleConvNet, batch 100, Adam: ms per step, images/s, inference ms per batch."""
    step, infer = training_step(engine, "simple_convnet", 100, "adam")
    seconds = median_seconds(step, 5 if QUICK else 30)
    return {"ms_per_step": seconds * 1e3, "images_per_s": 100 / seconds,
            "infer_ms": median_seconds(infer, 5 if QUICK else 30) * 1e3}


def w4_infer16(engine):
    """SimpleConvNet inference on a batch of 100 with model and input cast to float16 (stored in
    float16, computed in float32: ops/half.py); float32 inference timed alternately in the same
    process, so ``float16_over_float32`` compares the two under the same machine load."""
    if engine != "tinygrad_ko":
        return {}
    from tinygrad_ko import Tensor, no_grad
    from tinygrad_ko.models import SimpleConvNet

    x = np.random.default_rng(0).random((100, 1, 28, 28), dtype=np.float32)
    runs = {}
    for dtype in (np.float32, np.float16):
        model, images = SimpleConvNet(seed=0).astype(dtype), x.astype(dtype)

        def infer(model=model, images=images):
            with no_grad():
                model(Tensor(images))
        runs[dtype] = infer
    times = {np.float32: [], np.float16: []}
    for _ in range(5 if QUICK else 30):  # alternate: a busy spell of the machine hits both alike
        for dtype, infer in runs.items():
            times[dtype].append(median_seconds(infer, 1, warmup=1))
    f32, f16 = (float(np.median(times[d])) for d in (np.float32, np.float16))
    return {"infer_ms": f16 * 1e3, "float32_infer_ms": f32 * 1e3, "float16_over_float32": f16 / f32,
            "min_ratio": min(times[np.float16]) / min(times[np.float32])}


# --- W5: conv2d forward + backward against the matmul it is made of ---------------------------------------
CONV_FLOPS = 2 * 64 * 28 * 28 * 32 * 16 * 3 * 3 * 3  # forward, then dW and dx in backward


def w5(engine):
    """conv2d fwd + bwd, x (64,16,28,28), W (32,16,3,3), pad 1; ms and GFLOP/s; plus np.matmul."""
    rng = np.random.default_rng(0)
    dtype = np.float64 if engine == "book" else np.float32
    x = rng.standard_normal((64, 16, 28, 28)).astype(dtype)
    W = rng.standard_normal((32, 16, 3, 3)).astype(dtype) * 0.1
    g = rng.standard_normal((64, 32, 28, 28)).astype(dtype)
    if engine == "tinygrad_ko":
        from tinygrad_ko import Tensor

        xt, Wt = Tensor(x, requires_grad=True), Tensor(W, requires_grad=True)

        def run():
            xt.zero_grad()
            Wt.zero_grad()
            xt.conv2d(Wt, padding=1).backward(g)
    elif engine == "book":
        import book_baseline as book

        conv = book.Convolution(W, np.zeros(32), pad=1)

        def run():
            conv.forward(x)
            conv.backward(g)
    else:
        import torch

        xt, Wt = torch.tensor(x, requires_grad=True), torch.tensor(W, requires_grad=True)
        gt = torch.tensor(g)

        def run():
            xt.grad = Wt.grad = None
            torch.nn.functional.conv2d(xt, Wt, padding=1).backward(gt)
    seconds = median_seconds(run, 3 if QUICK else 15)
    a = rng.standard_normal((50176, 144)).astype(np.float32)
    b = rng.standard_normal((144, 32)).astype(np.float32)
    matmul = median_seconds(lambda: a @ b, 5 if QUICK else 30)
    return {"ms": seconds * 1e3, "gflops": CONV_FLOPS / seconds / 1e9,
            "matmul_gflops": 2 * 50176 * 144 * 32 / matmul / 1e9}


# --- W6: memory over 200 training steps ---------------------------------------------------------
def w6(engine):
    """Peak RSS over 200 SimpleConvNet steps, and RSS growth from steps 11-30 to the last 20."""
    step, _ = training_step(engine, "simple_convnet", 100, "adam")
    steps = 60 if QUICK else 200
    rss = []
    for _ in range(steps):
        step()
        rss.append(rss_mb())
    growth = float(np.median(rss[-20:]) - np.median(rss[10:30]))
    return {"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "growth_mb": growth}


WORKLOADS = {"W1": w1, "W1big": w1_big, "W2": w2, "W2wide": w2_wide, "W3": w3, "W4": w4,
             "W4infer16": w4_infer16, "W5": w5, "W6": w6}

if __name__ == "__main__":
    name, engine = sys.argv[1], sys.argv[2]
    print(json.dumps(WORKLOADS[name](engine)))
