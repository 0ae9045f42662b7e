"""Pictures of training: learning curves, first-layer filters, misclassified images.

matplotlib is an optional extra (``pip install "tinygrad_ko[plot]"``), imported only when a plot is
made. Figures are built with the object-oriented API on an Agg canvas, never through ``pyplot``: no
window, no global figure registry, no backend switch in the caller's session, and nothing left
open after saving. Every function writes a PNG (creating parent directories) and returns its path;
called without a path it returns the matplotlib figure instead, which Jupyter shows inline.
Sizes are fixed in pixels (documented per function) so that pictures are reproducible.

Korean subtitles are added only when a Hangul font (NanumGothic and friends) is installed;
otherwise the English titles stand alone, without missing-glyph warnings.
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
from pathlib import Path

import numpy as np

__all__ = ["hangul_font", "plot_filters", "plot_images", "plot_learning_curves", "plot_misclassified"]

_HANGUL_FONTS = ("NanumGothic", "NanumBarunGothic", "NanumSquare", "Noto Sans CJK KR", "Malgun Gothic",
                 "AppleGothic")
_DPI = 100


# --- learning curves ----------------------------------------------------------------------------
def plot_learning_curves(history, path=None, *, dpi: int = _DPI):
    """Two panels: the loss of every iteration (with a moving average) and accuracy per epoch.

    ``history``: a ``train.History`` or its ``to_dict()``. The picture is 1100 × 450 pixels at the
    default dpi (11 × 4.5 inches).
    """
    if hasattr(history, "to_dict"):
        data = history.to_dict()
    elif isinstance(history, dict):
        data = history
    else:
        raise TypeError(f"plot_learning_curves needs a History (trainer.fit()) or its to_dict(), got "
                        f"{type(history).__name__}")
    iteration_loss, train_acc, test_acc = (_numbers(data, key)
                                           for key in ("iteration_loss", "train_acc", "test_acc"))
    if iteration_loss.size == 0 and train_acc.size == 0:
        raise ValueError("the history is empty (no iteration and no epoch finished); train first, "
                         "e.g. history = trainer.fit()")
    with _style():
        fig = _new_figure(1100, 450, dpi)
        loss_ax, acc_ax = fig.subplots(1, 2)
        _draw_loss(loss_ax, iteration_loss)
        _draw_accuracy(acc_ax, train_acc, test_acc, data.get("best_epoch"))
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.13, top=0.85, wspace=0.22)
        return _save(fig, path)


def _numbers(data: dict, key: str) -> np.ndarray:
    """``data[key]`` (default: none) as a float array, or a ValueError naming the key."""
    values = data.get(key, [])
    try:
        return np.asarray(values, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        shown = repr(values) if len(repr(values)) <= 60 else repr(values)[:57] + "..."
        raise ValueError(f"history[{key!r}] must be numbers, got {shown}; pass trainer.history or "
                         f"its to_dict()") from None


def _draw_loss(ax, iteration_loss: np.ndarray) -> None:
    ax.set_title(_title("Training loss per iteration", "반복별 손실 함수 값"))
    ax.set_xlabel("iteration")
    ax.set_ylabel("loss")
    if iteration_loss.size == 0:
        return
    steps = np.arange(1, iteration_loss.size + 1)
    ax.plot(steps, iteration_loss, color="tab:blue", alpha=0.35, linewidth=0.8, label="per batch")
    window = max(1, iteration_loss.size // 30)
    if window > 1:
        smooth = np.convolve(iteration_loss, np.ones(window) / window, mode="valid")
        ax.plot(steps[window - 1:], smooth, color="tab:blue", linewidth=1.8,
                label=f"moving average ({window})")
    ax.legend(loc="upper right")
    ax.grid(alpha=0.3)


def _draw_accuracy(ax, train_acc: np.ndarray, test_acc: np.ndarray, best_epoch) -> None:
    ax.set_title(_title("Accuracy per epoch", "에폭별 정확도"))
    ax.set_xlabel("epoch")
    ax.set_ylabel("accuracy")
    epochs = np.arange(1, train_acc.size + 1)
    measured = []
    for values, label, marker in ((train_acc, "train", "o"), (test_acc, "test", "s")):
        if values.size and not np.all(np.isnan(values)):
            ax.plot(epochs[:values.size], values, marker=marker, label=label)
            measured.append(values[~np.isnan(values)])
    if best_epoch:
        ax.axvline(best_epoch, color="grey", linestyle=":", label=f"best epoch ({best_epoch})")
    if measured:
        low = float(min(v.min() for v in measured))
        ax.set_ylim(max(0.0, low - 0.05), 1.005)
        ax.legend(loc="lower right")
    if epochs.size:
        ax.set_xticks(epochs if epochs.size <= 20 else np.linspace(1, epochs.size, 11).round())
    ax.grid(alpha=0.3)


# --- filters --------------------------------------------------------------------------------------
def plot_filters(weights, path=None, title: str | None = None, *, ncols: int = 10, channel: int = 0,
                 dpi: int = _DPI) -> Path:
    """Convolution filters (FN, C, FH, FW) as a grid of grey images, like the book's section 7.6.

    ``weights``: an array or Tensor, or a list of ``(row_title, weights)`` pairs drawn one block
    under the other (e.g. before and after training). Channel ``channel`` of each filter is shown,
    each filter scaled to its own range (dark = large, as in the book's ``gray_r``). Each filter
    takes 80 × 80 pixels, ``ncols`` to a row; each block title 40 pixels, ``title`` another 50.
    """
    blocks = _filter_blocks(weights, channel)
    ncols = max(1, min(ncols, max(len(block) for _, block in blocks)))
    cell, block_title, header = 80, 40, 50 if title else 0
    heights = [block_title + math.ceil(len(block) / ncols) * cell for _, block in blocks]
    width, height = ncols * cell, header + sum(heights)
    with _style():
        fig = _new_figure(width, height, dpi)
        if title:
            _figure_text(fig, header / 2, title, height, size=13)
        top = header
        for (row_title, block), block_height in zip(blocks, heights):
            _figure_text(fig, top + block_title / 2, row_title, height, size=11)
            _image_grid(fig, block, None, top + block_title, ncols, cell, (width, height),
                        cmap="gray_r")
            top += block_height
        return _save(fig, path)


def _filter_blocks(weights, channel: int) -> list:
    """[(title, (FN, FH, FW) array)] from one weight array or a list of (title, weights) pairs."""
    if isinstance(weights, (list, tuple)) and weights and isinstance(weights[0], (list, tuple)):
        pairs = [(str(name), w) for name, w in weights]
    else:
        pairs = [("", weights)]
    blocks = []
    for name, w in pairs:
        w = _to_numpy(w)
        if w.ndim != 4:
            raise ValueError(f"plot_filters expects conv weights of shape (FN, C, FH, FW), got shape "
                             f"{w.shape} for {name or 'the weights'}; pass e.g. model.params['W1']")
        if not 0 <= channel < w.shape[1]:
            raise ValueError(f"channel {channel} does not exist: the filters have {w.shape[1]} "
                             f"channel(s)")
        if w.shape[0] == 0:
            raise ValueError(f"plot_filters got 0 filters (weights of shape {w.shape}) for "
                             f"{name or 'the weights'}; pass conv weights with at least one filter")
        blocks.append((name, _finite_filters(w, channel, name)))
    if not blocks:
        raise ValueError("plot_filters got an empty list; pass weights or (title, weights) pairs")
    return blocks


def _finite_filters(w: np.ndarray, channel: int, name: str) -> np.ndarray:
    """Channel ``channel`` of the filters, refused if it is not numbers or not finite: NaN and inf
    would draw a blank (or holed) picture that looks like a drawing."""
    what = f"the {name!r} weights" if name else "the weights"
    if w.dtype.kind not in "biuf":
        raise TypeError(f"plot_filters needs numbers, got weights of dtype {w.dtype} for "
                        f"{name or 'the weights'}; pass conv weights such as model.params['W1']")
    drawn = w[:, channel]
    if not np.isfinite(drawn).all():
        bad = np.flatnonzero(~np.isfinite(drawn.reshape(len(drawn), -1)).all(axis=1)).tolist()
        raise ValueError(f"plot_filters: {what} hold {int(np.isnan(drawn).sum())} NaN and "
                         f"{int(np.isinf(drawn).sum())} inf in channel {channel} of filters {bad} "
                         f"(weights of shape {w.shape}); the picture would be blank. A diverged "
                         f"training run leaves such weights (lower the learning rate, or check the "
                         f"file they came from); to draw them anyway pass np.nan_to_num(w)")
    return drawn


# --- images ---------------------------------------------------------------------------------------
def plot_images(images, path=None, titles=None, *, title: str | None = None, ncols: int | None = None,
                cmap: str = "gray", dpi: int = _DPI) -> Path:
    """A grid of images: (N, H, W), (N, 1, H, W), (N, 3, H, W) or flat (N, H*W) square images.

    Each image takes 110 × 110 pixels (room for a short title), ``ncols`` to a row (default: a
    near-square grid, at most 10 wide); ``title`` adds 50 pixels on top.
    """
    images = _as_images(images)
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"got {len(titles)} titles for {len(images)} images; give one per image")
    count = max(1, len(images))
    ncols = ncols or min(10, math.ceil(math.sqrt(count)))
    cell, header = 110, 50 if title else 0
    width, height = ncols * cell, header + math.ceil(count / ncols) * cell
    with _style():
        fig = _new_figure(width, height, dpi)
        if title:
            _figure_text(fig, header / 2, title, height, size=12)
        if len(images) == 0:
            _figure_text(fig, header + cell / 2, "(no images)", height, size=11)
        else:
            _image_grid(fig, images, titles, header, ncols, cell, (width, height), cmap=cmap,
                        title_room=18)
        return _save(fig, path)


def plot_misclassified(images, labels, predictions, path=None, max_images: int = 25, *,
                       class_names=None, dpi: int = _DPI) -> Path:
    """The images whose prediction differs from the label, titled "true→pred" (first ``max_images``).

    ``images``: (N, 1, 28, 28), (N, 28, 28) or (N, 784); ``labels``: class indices or one-hot rows;
    ``predictions``: class indices or (N, K) scores. Correct ones are skipped, so passing a whole
    test set or only its mistakes both work. Layout as :func:`plot_images`.
    """
    images = _as_images(images)
    labels, predictions = _class_indices(labels, "labels"), _class_indices(predictions, "predictions")
    if not len(images) == len(labels) == len(predictions):
        raise ValueError(f"got {len(images)} images, {len(labels)} labels and {len(predictions)} "
                         f"predictions; all three must have one entry per image")
    wrong = np.flatnonzero(labels != predictions)
    shown = wrong[:max_images]

    def name(k):
        return str(class_names[k]) if class_names is not None else str(k)

    titles = [f"{name(labels[i])}→{name(predictions[i])}" for i in shown]
    more = f", first {len(shown)} shown" if len(shown) < len(wrong) else ""
    heading = _title(f"Misclassified: {len(wrong)} image(s){more} (true→pred)",
                     "잘못 분류한 이미지 (정답→예측)")
    return plot_images(images[shown], path, titles, title=heading, dpi=dpi)


# --- shared drawing helpers -----------------------------------------------------------------------
def _image_grid(fig, images, titles, top_px, ncols, cell_px, size_px, cmap, title_room=0) -> None:
    """Place one axis per image on a grid whose top edge is ``top_px`` pixels below the top."""
    width, height = size_px
    pad = 4
    for index, image in enumerate(images):
        row, col = divmod(index, ncols)
        left = col * cell_px + pad
        bottom = height - (top_px + (row + 1) * cell_px) + pad
        side = cell_px - 2 * pad
        ax = fig.add_axes([left / width, bottom / height, side / width, (side - title_room) / height])
        ax.imshow(image, cmap=cmap if image.ndim == 2 else None, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        if titles is not None:
            ax.set_title(titles[index], fontsize=9, pad=2)


def _figure_text(fig, y_from_top_px, text, height_px, **style) -> None:
    """Centred text ``y_from_top_px`` pixels below the top of the figure."""
    if text:
        fig.text(0.5, 1 - y_from_top_px / height_px, text, ha="center", va="center", **style)


def _as_images(images) -> np.ndarray:
    """(N, H, W) grey or (N, H, W, 3) colour images from the shapes the book uses."""
    images = _to_numpy(images)
    if images.ndim == 2:
        side = math.isqrt(images.shape[1])
        if side * side != images.shape[1]:
            raise ValueError(f"flat images of {images.shape[1]} values are not square; reshape them "
                             f"to (N, H, W) first")
        return images.reshape(len(images), side, side)
    if images.ndim == 4 and images.shape[1] == 1:
        return images[:, 0]
    if images.ndim == 4 and images.shape[1] == 3:
        colour = images.transpose(0, 2, 3, 1).astype(float)
        low, high = colour.min(), colour.max()
        return (colour - low) / (high - low) if high > low else np.zeros_like(colour)
    if images.ndim == 3:
        return images
    raise ValueError(f"images must be (N, H, W), (N, 1, H, W), (N, 3, H, W) or (N, H*W), got shape "
                     f"{images.shape}")


def _class_indices(values, name: str) -> np.ndarray:
    values = _to_numpy(values)
    if values.ndim == 2:
        return np.argmax(values, axis=1)
    if values.ndim != 1:
        raise ValueError(f"{name} must be class indices (N,) or rows of scores (N, K), got shape "
                         f"{values.shape}")
    return values.astype(np.int64)


def _to_numpy(value) -> np.ndarray:
    return np.asarray(getattr(value, "data", value) if not isinstance(value, np.ndarray) else value)


# --- matplotlib plumbing --------------------------------------------------------------------------
def _new_figure(width_px: int, height_px: int, dpi: int):
    """A Figure on an Agg canvas of exactly ``width_px`` × ``height_px`` pixels."""
    if isinstance(dpi, bool) or not isinstance(dpi, (int, float, np.integer, np.floating)) \
            or not math.isfinite(dpi) or dpi <= 0:
        raise ValueError(f"dpi must be a positive number, got {dpi!r} (the default is {_DPI})")
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as err:
        raise ImportError('plotting needs matplotlib, an optional extra of tinygrad_ko; install it '
                          'with: pip install "tinygrad_ko[plot]"') from err
    # Agg truncates the size in pixels; a small nudge keeps 3.6 * 100 = 359.999... at 360.
    fig = _figure_class(Figure)(figsize=((width_px + 0.01) / dpi, (height_px + 0.01) / dpi), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


@functools.lru_cache(maxsize=1)
def _figure_class(figure):
    """matplotlib's Figure that shows itself in Jupyter (as a PNG) without pyplot."""

    class InlineFigure(figure):
        def _repr_png_(self):
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=self.dpi)
            return buffer.getvalue()

    return InlineFigure


def _save(fig, path):
    """Write the PNG and return its path; with ``path=None`` return the figure itself."""
    if path is None:
        return fig
    path = Path(path)
    try:
        if path.is_dir():
            raise IsADirectoryError(f"{path} is a folder; give a file name inside it, e.g. "
                                    f"{path / 'picture.png'}")
        if not path.suffix:
            path = path.with_suffix(".png")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fig.savefig(path, dpi=fig.dpi)
        except OSError as err:
            blocker = next((p for p in path.parents if p.exists()), None)
            reason = (f"{blocker} is a file, not a folder" if blocker is not None and not blocker.is_dir()
                      else err.strerror or str(err))
            message = f"cannot write the picture to {path} ({reason}); choose a folder you can write to"
            raise (type(err)(err.errno, message) if err.errno else OSError(message)) from None
    finally:
        fig.clear()
    return path


@functools.lru_cache(maxsize=1)
def hangul_font() -> str | None:
    """Name of an installed font with Hangul glyphs (NanumGothic preferred), or None."""
    try:
        from matplotlib import font_manager
    except ImportError:
        return None
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in _HANGUL_FONTS if name in installed), None)


def _title(english: str, korean: str) -> str:
    """The English title, with the Korean one underneath when a Hangul font can draw it."""
    return f"{english}\n{korean}" if hangul_font() else english


@contextlib.contextmanager
def _style():
    """matplotlib settings for our figures, undone afterwards (the caller's rcParams stay)."""
    try:
        import matplotlib
    except ImportError as err:
        raise ImportError('plotting needs matplotlib, an optional extra of tinygrad_ko; install it '
                          'with: pip install "tinygrad_ko[plot]"') from err
    settings = {"axes.unicode_minus": False}  # Hangul fonts often lack U+2212 (the minus sign)
    font = hangul_font()
    if font:
        # Latin text keeps matplotlib's default look; Hangul glyphs fall back to the Hangul font
        settings["font.family"] = ["DejaVu Sans", font]
    with matplotlib.rc_context(settings):
        yield
