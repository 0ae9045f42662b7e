"""Shared by the examples: argument parsing and a matplotlib set up for Hangul (Agg backend)."""

import argparse
from pathlib import Path

import numpy as np


def parse_args(name: str, description: str, argv=None, extra=None):
    """``--out DIR`` (default ./out/<name>/) and ``--quick``; ``extra(parser)`` adds more."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", default=f"out/{name}", help=f"output directory (default out/{name})")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a few seconds")
    if extra:
        extra(parser)
    args = parser.parse_args(argv)
    args.out = Path(args.out)
    args.out.mkdir(parents=True, exist_ok=True)
    return args


def pyplot():
    """matplotlib.pyplot on the Agg backend, looking like tinygrad_ko.plots: Latin text in DejaVu
    Sans, Hangul from an installed Hangul font (NanumGothic, ...) when there is one."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    from tinygrad_ko.plots import hangul_font

    font = hangul_font()
    if font:  # a fallback list: each glyph comes from the first font that has it
        plt.rcParams["font.family"] = ["DejaVu Sans", font]
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def save(fig, path) -> Path:
    fig.savefig(path, dpi=90, bbox_inches="tight")
    fig.clf()
    import matplotlib.pyplot as plt

    plt.close(fig)
    return Path(path)


def show_array(ax, array, title):
    """An array drawn as shaded cells with its numbers written in, as the lecture notes' slides show them."""
    ax.imshow(array, cmap="Blues")
    low, high = float(np.min(array)), float(np.max(array))
    for (i, j), v in np.ndenumerate(array):
        dark = high > low and (v - low) / (high - low) > 0.6      # white numbers on dark cells
        ax.text(j, i, f"{v:g}", ha="center", va="center", fontsize=9, color="white" if dark else "black")
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
