"""6장 6.4절 더 보기: 기울기 벌점 / Chapter 6, section 6.4, further: a gradient penalty (WGAN-GP).

가중치 감소(6장 6.4.2절)는 가중치의 크기를 손실에 더해 벌을 줍니다. 기울기 벌점은 입력에 대한 미분의 크기에
벌을 줍니다: 판별자 D의 ‖∂D/∂x‖가 1에서 멀어지면 손실 λ·(‖∂D/∂x‖ − 1)²이 커집니다(WGAN-GP). 이 벌점을
매개변수로 미분하려면 ∂D/∂x를 다시 미분해야 하므로 ``tinygrad_ko.grad(..., create_graph=True)``가 필요합니다.
2차원 장난감 문제: 생성자 G(z) = z·A + c가 가우스 분포 하나를 흉내 내고, 판별자 D(2 → 32 → 32 → 1, tanh)는
진짜와 가짜를 가르며 벌점 때문에 기울기 크기를 1 근처로 유지합니다. 벌점은 학습하면서 줄어듭니다.

Weight decay (chapter 6, section 6.4.2) adds the size of the weights to the loss.  A gradient penalty
adds the size of a derivative with respect to the *input*: the critic D pays λ·(‖∂D/∂x‖ − 1)² where
its slope leaves 1 (WGAN-GP, Gulrajani et al. 2017).  The penalty's gradient with respect to D's
parameters differentiates ∂D/∂x once more, so ∂D/∂x is taken with ``create_graph=True``.
Toy 2-D problem: a generator G(z) = z·A + c learns to imitate one Gaussian cloud; the critic
(2 → 32 → 32 → 1, tanh) separates real from generated points and keeps its slope near 1.  The
penalty shrinks as training goes on (0.58 at the first critic step, about 5e-4 after 200 generator
steps, seed 0) while the generated cloud moves onto the real one.

    python examples/ch06_gradient_penalty.py [--out DIR] [--quick]
"""

import numpy as np

import tinygrad_ko as tk
from _common import parse_args, pyplot, save
from tinygrad_ko import Tensor, nn
from tinygrad_ko.nn import optim

REAL_MEAN = np.array([2.0, 1.0])
REAL_STD = np.array([0.5, 0.2])
LAMBDA = 10.0


class Critic(nn.Module):
    """D: 2 → 32 → 32 → 1 with tanh, float64 (a smooth slope to penalise)."""

    def __init__(self, rng):
        super().__init__()
        self.l1 = nn.Linear(2, 32, weight_init="xavier", rng=rng, dtype=np.float64)
        self.l2 = nn.Linear(32, 32, weight_init="xavier", rng=rng, dtype=np.float64)
        self.l3 = nn.Linear(32, 1, weight_init="xavier", rng=rng, dtype=np.float64)

    def forward(self, x):
        return self.l3(self.l2(self.l1(x).tanh()).tanh())


def gradient_penalty(critic, real: np.ndarray, fake: np.ndarray, rng) -> Tensor:
    """mean over x̂ of (‖∂D/∂x̂‖ − 1)², x̂ on random points between real and generated samples.

    ``create_graph=True`` keeps ∂D/∂x̂ in the graph, so the penalty can be backpropagated to D's
    parameters (a second derivative of D)."""
    mix = rng.random((len(real), 1))
    x_hat = Tensor(mix * real + (1 - mix) * fake, requires_grad=True)
    (slope,) = tk.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    norm = ((slope ** 2).sum(axis=1) + 1e-12).sqrt()
    return ((norm - 1) ** 2).mean()


def train(steps, batch=64, critic_steps=5, seed=0):
    """WGAN-GP: ``critic_steps`` critic updates per generator update; returns the history."""
    rng = np.random.default_rng(seed)
    critic = Critic(rng)
    A = Tensor(np.eye(2), requires_grad=True, name="A")
    c = Tensor(np.zeros(2), requires_grad=True, name="c")
    critic_opt = optim.Adam(critic.parameters(), lr=1e-3, beta1=0.5, beta2=0.9)
    generator_opt = optim.Adam([A, c], lr=1e-2, beta1=0.5, beta2=0.9)
    history = {"penalty": [], "wasserstein": [], "slope": [], "c": []}
    for _ in range(steps):
        for _ in range(critic_steps):
            real = REAL_MEAN + REAL_STD * rng.standard_normal((batch, 2))
            with tk.no_grad():
                fake = (Tensor(rng.standard_normal((batch, 2))) @ A + c).data
            distance = critic(Tensor(real)).mean() - critic(Tensor(fake)).mean()
            penalty = gradient_penalty(critic, real, fake, rng)
            loss = -distance + LAMBDA * penalty
            critic_opt.zero_grad()
            loss.backward()
            critic_opt.step()
            history["penalty"].append(penalty.item())  # one per critic step
        history["wasserstein"].append(distance.item())
        generated = Tensor(rng.standard_normal((batch, 2))) @ A + c
        generator_loss = -critic(generated).mean()
        generator_opt.zero_grad()
        critic_opt.zero_grad()
        generator_loss.backward()
        generator_opt.step()
        history["c"].append(c.data.copy())
    return critic, (A, c), {k: np.array(v) for k, v in history.items()}


def main(argv=None):
    args = parse_args("ch06_gradient_penalty", __doc__.splitlines()[0], argv)
    steps = 60 if args.quick else 400
    critic, (A, c), history = train(steps)
    penalty = history["penalty"].reshape(steps, -1).mean(axis=1)  # per generator step
    print(f"WGAN-GP on a 2-D Gaussian, λ = {LAMBDA:g}, {steps} generator steps × 5 critic steps")
    print(f"penalty at the first critic step: {history['penalty'][0]:.4f}")
    for step in sorted({0, steps // 4, steps // 2, steps - 1}):
        print(f"step {step:>4}: mean penalty {penalty[step]:.4f}, critic's W-distance estimate "
              f"{history['wasserstein'][step]:.4f}, generator mean c = {np.round(history['c'][step], 3)}")
    print(f"real mean {REAL_MEAN}, generated mean {np.round(c.data, 3)}")

    plt = pyplot()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.4))
    ax1.semilogy(penalty, color="#d62728", label="기울기 벌점 / gradient penalty (‖∂D/∂x‖ − 1)²")
    ax1.semilogy(np.abs(history["wasserstein"]), color="#1f77b4", label="|W-distance estimate|")
    ax1.set_xlabel("generator step")
    ax1.set_title("벌점이 줄어든다 / the penalty shrinks")
    ax1.legend(fontsize=9)
    rng = np.random.default_rng(5)
    grid = np.stack(np.meshgrid(np.linspace(-1.5, 3.5, 60), np.linspace(-1.5, 2.5, 50)), -1)
    with tk.no_grad():
        values = critic(Tensor(grid.reshape(-1, 2))).data.reshape(grid.shape[:2])
        fake = (Tensor(rng.standard_normal((300, 2))) @ A + c).data
    real = REAL_MEAN + REAL_STD * rng.standard_normal((300, 2))
    contour = ax2.contourf(grid[..., 0], grid[..., 1], values, levels=20, cmap="Greys")
    fig.colorbar(contour, ax=ax2, shrink=0.8, label="D(x)")
    ax2.scatter(*real.T, s=5, color="#1f77b4", label="진짜 / real")
    ax2.scatter(*fake.T, s=5, color="#d62728", label="생성 / generated")
    ax2.set_title("판별자 D와 표본 / the critic and the samples")
    ax2.legend(fontsize=9, loc="upper left")
    picture = save(fig, args.out / "gradient_penalty.png")
    print("wrote", picture)
    return {"history": history, "critic": critic, "generator": (A, c), "picture": picture}


if __name__ == "__main__":
    main()
