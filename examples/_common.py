"""Shared by the examples: argument parsing and a matplotlib set up for Hangul (Agg backend)."""

import argparse
from pathlib import Path


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
    """matplotlib.pyplot on the Agg backend, with a Hangul font when one is installed."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    installed = {font.name for font in font_manager.fontManager.ttflist}
    for family in ("NanumGothic", "Noto Sans CJK KR", "Malgun Gothic", "AppleGothic"):
        if family in installed:
            plt.rcParams["font.family"] = family
            break
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def save(fig, path) -> Path:
    fig.savefig(path, dpi=90, bbox_inches="tight")
    fig.clf()
    import matplotlib.pyplot as plt

    plt.close(fig)
    return Path(path)
