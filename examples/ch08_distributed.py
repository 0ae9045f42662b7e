"""8장 8.3.3절 분산 학습 / Chapter 8, section 8.3.3: data-parallel training on two Ray workers.

강의 노트는 텐서플로의 분산 학습으로 "7일짜리 작업이 3시간 만에" 끝난다고 소개합니다.
여기서는 같은 생각 — 데이터 병렬 — 을 직접 돌려 봅니다. 미니배치 100장을 두 워커가 50장씩 나눠
기울기를 구하고, 드라이버가 두 기울기를 더해 모든 복제본에 같은 갱신을 적용합니다. 그래서 복제본은
비트 단위까지 같고, 결과는 한 프로세스가 100장을 한꺼번에 학습한 것과 같습니다.

The lecture notes cite TensorFlow's distributed training ("a 7-day job in 3 hours"). This example runs
the same idea, data parallelism, on a local Ray instance: each batch of 100 images is split 50/50
between two workers, each computes the gradient of its half, the driver adds them up and every replica
applies the same Adam step — so the replicas stay bitwise identical, and the run equals one process
training on the whole batch. It trains the book's SimpleConvNet on the embedded MNIST subset, prints
the shard sizes, checks the replicas, and measures images/s with 1 and 2 workers (throughput.png).
Needs Ray: pip install "tinygrad_ko[distributed]".

    python examples/ch08_distributed.py [--epochs N] [--quick]
"""

import time

import numpy as np

from _common import parse_args, pyplot, save
from tinygrad_ko.datasets import DataLoader, load_mnist_mini
from tinygrad_ko.distributed import DataParallel, import_ray, start_local_ray
from tinygrad_ko.models import SimpleConvNet
from tinygrad_ko.nn import optim
from tinygrad_ko.train import Trainer


def train_on_workers(data, epochs, workers=2, seed=0):
    """SimpleConvNet trained by ``workers`` Ray workers through the ordinary Trainer.
    두 워커로 학습: Trainer는 그대로, 한 스텝만 워커들이 계산합니다."""
    (x_train, t_train), (x_test, t_test) = data
    model = SimpleConvNet(seed=seed)
    with DataParallel(workers) as dp:
        trainer = Trainer(model, optim.Adam(model.parameters(), lr=0.001),
                          DataLoader(x_train, t_train, batch_size=100, seed=seed),
                          test_data=(x_test, t_test), progress=False, strategy=dp)
        history = trainer.fit(epochs)
        shards = dp.shard_sizes(100)
        identical = all(  # 복제본마다 매개변수·버퍼·Adam 상태가 드라이버와 비트 단위로 같은가
            all(np.array_equal(replica[0][name], array) for name, array in model.state_dict().items())
            and all(np.array_equal(replica[1][name], array)
                    for name, array in trainer.optimizer.state_dict().items())
            for replica in dp.replica_states())
    return model, history, shards, identical


def images_per_second(x, t, workers, steps, batch=100):
    """Median images/s of data-parallel SimpleConvNet steps (batch 100) with ``workers`` workers.
    워커 수에 따른 처리량(초당 이미지 수)."""
    model = SimpleConvNet(seed=0)
    with DataParallel(workers, log=None) as dp:
        trainer = Trainer(model, optim.Adam(model.parameters()), [(x[:1], t[:1])], progress=False,
                          log=None, strategy=dp)
        dp.start(model, trainer.optimizer)
        times = []
        for i in range(steps + 1):  # the first step warms up
            start = (i * batch) % (len(x) - batch)
            began = time.perf_counter()
            trainer._train_step(x[start:start + batch], t[start:start + batch])
            times.append(time.perf_counter() - began)
    return batch / float(np.median(times[1:]))


def plot_throughput(throughput, path):
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5, 3.6))
    names = [f"{w} worker{'s' * (w > 1)}" for w in throughput]
    bars = ax.bar(names, list(throughput.values()), color=["#8fb3d9", "#2f6fb0"])
    for bar, value in zip(bars, throughput.values()):
        ax.text(bar.get_x() + bar.get_width() / 2, value, f"{value:,.0f}", ha="center", va="bottom")
    ax.set_ylabel("images/s (학습 처리량 / training throughput)")
    ax.set_title("SimpleConvNet, batch 100, 1 BLAS thread per worker")
    return save(fig, path)


def main(argv=None):
    def options(parser):
        parser.add_argument("--epochs", type=int, default=None, help="default 3 (1 with --quick)")

    args = parse_args("ch08_distributed", __doc__.splitlines()[0], argv, options)
    ray = import_ray()  # says which package to install when Ray is missing
    epochs = args.epochs or (1 if args.quick else 3)
    (x_train, t_train), (x_test, t_test) = load_mnist_mini(flatten=False)
    if args.quick:
        x_train, t_train, x_test, t_test = x_train[:500], t_train[:500], x_test[:200], t_test[:200]
    started_here = not ray.is_initialized()
    if started_here:
        start_local_ray(num_cpus=2)  # one local instance (127.0.0.1) for everything below
    try:
        model, history, shards, identical = train_on_workers(
            ((x_train, t_train), (x_test, t_test)), epochs)
        print(f"shard sizes of a batch of 100 (워커별 샤드 크기): {shards}")
        print(f"replicas identical to the driver's model (복제본 일치): {identical}")
        steps = 3 if args.quick else 20
        throughput = {w: images_per_second(x_train, t_train, w, steps) for w in (1, 2)}
    finally:
        if started_here:
            ray.shutdown()
    for workers, value in throughput.items():
        print(f"{workers} worker(s): {value:,.0f} images/s")
    picture = plot_throughput(throughput, args.out / "throughput.png")
    print(f"test accuracy {history.test_acc[-1]:.4f}; wrote {picture}")
    return {"history": history, "shard_sizes": shards, "identical": identical,
            "throughput": throughput, "picture": picture}


if __name__ == "__main__":
    main()
