"""MNIST and Fashion-MNIST in the book's format, the embedded mnist-mini subset, and a DataLoader.

``load_mnist`` looks for the four IDX files in ``root``, then in the cache directory
(``$TINYGRAD_KO_DATA`` or ``~/.cache/tinygrad_ko``), then — for Fashion-MNIST — in Debian's
``/usr/share/datasets/fashion-mnist/``, and finally downloads them from the standard mirrors with a
SHA-256 check and an atomic write.  ``load_mnist_mini`` needs no network: a real 4,000 + 1,000 image
MNIST subset ships inside the package (CC BY-SA 3.0, see ``data/mnist-mini/README.md``).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import urllib.request
from pathlib import Path

import numpy as np

FILES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}

MIRRORS = {
    "digits": ["https://ossci-datasets.s3.amazonaws.com/mnist/",
               "https://storage.googleapis.com/cvdf-datasets/mnist/"],
    "fashion": ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
}

SHA256 = {
    "digits": {
        "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    },
    "fashion": {
        "train-images-idx3-ubyte.gz": "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
        "train-labels-idx1-ubyte.gz": "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
        "t10k-images-idx3-ubyte.gz": "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
        "t10k-labels-idx1-ubyte.gz": "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
    },
}

MINI_DIR = Path(__file__).resolve().parent / "data" / "mnist-mini"
MINI_SHA256 = {
    "train-images-idx3-ubyte.gz": "b7ca198ac4c8bd3b58e61c25f7f25a25a0b18da957e5d55cf0f22a6c512e28c4",
    "train-labels-idx1-ubyte.gz": "b0ec418df5245d5163835c454ef1af4c338ba0dcc7a9698956c34677fb574234",
    "t10k-images-idx3-ubyte.gz": "ff43dd178e06975407c1329427c137c9a09fad9877025301e0c07f22e7060931",
    "t10k-labels-idx1-ubyte.gz": "75898356302976bafb997b3d724bb3a77860495ff65037a554b77c20d7d0864e",
}
DEBIAN_FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")
KINDS = ("digits", "fashion")

_IDX_DTYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


class DatasetNotFoundError(FileNotFoundError):
    """No usable copy of a data set was found anywhere and none could be downloaded."""


# --- IDX files ------------------------------------------------------------------------------------
def read_idx(path) -> np.ndarray:
    """Read an IDX file (MNIST's format), gzip-compressed or plain, checking every header field."""
    path = Path(path)
    with open(path, "rb") as handle:
        head = handle.read(2)
    opener = gzip.open if head == b"\x1f\x8b" else open
    try:
        with opener(path, "rb") as handle:
            raw = handle.read()
    except (OSError, EOFError) as err:
        raise ValueError(f"{path}: cannot read the file ({err}); it is truncated or corrupt — "
                         f"delete it and download it again") from None
    return parse_idx(raw, str(path))


def parse_idx(raw: bytes, where: str = "<bytes>") -> np.ndarray:
    """The array stored in the bytes of an IDX file."""
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_DTYPES:
        raise ValueError(f"{where}: not an IDX file — its magic number is {raw[:4].hex() or 'empty'}, "
                         f"expected 0000 followed by a type code (08 for ubyte) and the number of "
                         f"dimensions (e.g. 00000803 for images)")
    dtype, ndim = np.dtype(_IDX_DTYPES[raw[2]]), raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f"{where}: truncated IDX header ({len(raw)} bytes, expected {header})")
    shape = tuple(int(n) for n in np.frombuffer(raw, ">u4", count=ndim, offset=4))
    expected = header + int(np.prod(shape)) * dtype.itemsize
    if len(raw) != expected:
        raise ValueError(f"{where}: the IDX header promises shape {shape} ({expected} bytes) but the "
                         f"file has {len(raw)} bytes; it is truncated or corrupt — download it again")
    return np.frombuffer(raw, dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))


# --- the book's format ------------------------------------------------------------------------------
def to_book_format(images, labels, normalize=True, flatten=True, one_hot_label=False):
    """(N, 28, 28) uint8 images and labels as the book returns them."""
    x = images.astype(np.float32) / 255.0 if normalize else images
    x = x.reshape(len(x), -1) if flatten else x.reshape(len(x), 1, *images.shape[1:])
    t = labels.astype(np.int64)
    if one_hot_label:
        t = np.eye(10, dtype=np.float32)[t]
    return x, t


def _load_dir(directory: Path, names: dict, normalize, flatten, one_hot_label):
    arrays = {key: read_idx(directory / name) for key, name in names.items()}
    train = to_book_format(arrays["train_images"], arrays["train_labels"], normalize, flatten,
                           one_hot_label)
    test = to_book_format(arrays["test_images"], arrays["test_labels"], normalize, flatten,
                          one_hot_label)
    return train, test


def load_mnist_mini(normalize=True, flatten=True, one_hot_label=False):
    """The embedded real MNIST subset: 4,000 training (400 per digit) and 1,000 test images.

    Same arguments and return value as :func:`load_mnist`: ``((x_train, t_train), (x_test, t_test))``.
    """
    for name, digest in MINI_SHA256.items():
        if sha256_of(MINI_DIR / name) != digest:
            raise ValueError(f"the embedded data file {MINI_DIR / name} is damaged (SHA-256 mismatch); "
                             f"reinstall tinygrad_ko")
    return _load_dir(MINI_DIR, FILES, normalize, flatten, one_hot_label)


def load_mnist(normalize=True, flatten=True, one_hot_label=False, kind="digits", root=None,
               download=True, mirrors=None):
    """MNIST digits (``kind="digits"``) or Fashion-MNIST (``kind="fashion"``), the book's way.

    Returns ``((x_train, t_train), (x_test, t_test))``: images as float32 in [0, 1] when
    ``normalize`` (else uint8), flattened to (N, 784) when ``flatten`` (else (N, 1, 28, 28)); labels
    as int64 class indices, or (N, 10) float32 one-hot rows when ``one_hot_label``.
    Raises :class:`DatasetNotFoundError` listing every place and mirror tried.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    tried = []
    cache = cache_dir(kind)
    for directory in candidate_dirs(kind, root):
        # Only the cache, which downloads fill, is checked against the official SHA-256: files
        # you point at (root=) or that Debian installed (recompressed) are checked as IDX instead.
        found = _find_files(directory, kind, tried, verify=directory == cache)
        if found is not None:
            return _load_dir(directory, found, normalize, flatten, one_hot_label)
    if not download:
        tried.append("download=False: no mirror was tried")
    elif _download_all(kind, cache, mirrors or MIRRORS[kind], tried):
        return _load_dir(cache, FILES, normalize, flatten, one_hot_label)
    raise DatasetNotFoundError(
        f"could not find or download the {kind} data set. Tried:\n  - " + "\n  - ".join(tried) +
        "\nFix: put the four IDX files (" + ", ".join(FILES.values()) + ") in a folder and pass "
        "root=..., or set TINYGRAD_KO_DATA to such a folder"
        + (", or `apt-get install dataset-fashion-mnist`" if kind == "fashion" else "")
        + "; offline, load_mnist_mini() has a real 4,000 + 1,000 image subset.")


def cache_dir(kind: str) -> Path:
    """``$TINYGRAD_KO_DATA/<kind>`` or the platform cache (``~/.cache/tinygrad_ko/<kind>``)."""
    base = os.environ.get("TINYGRAD_KO_DATA")
    if base:
        return Path(base) / kind
    xdg = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(xdg) / "tinygrad_ko" / kind


def candidate_dirs(kind: str, root) -> list:
    dirs = [Path(root)] if root is not None else []
    dirs.append(cache_dir(kind))
    if kind == "fashion":
        dirs.append(DEBIAN_FASHION_DIR)
    return dirs


def _find_files(directory: Path, kind: str, tried: list, verify: bool):
    """Names of the four files in ``directory`` (gzip or plain), or None (the reason in ``tried``)."""
    found = {}
    for key, name in FILES.items():
        candidates = [c for c in (name, name[:-3]) if (directory / c).is_file()]
        if not candidates:
            tried.append(f"{directory}: no {name}")
            return None
        if verify and sha256_of(directory / candidates[0]) != SHA256[kind].get(candidates[0]):
            tried.append(f"{directory / candidates[0]}: SHA-256 does not match the official file "
                         f"(corrupt or partial); it will be downloaded again")
            return None
        found[key] = candidates[0]
    return found


# --- downloading -------------------------------------------------------------------------------------
def sha256_of(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _download_all(kind: str, cache: Path, mirrors, tried: list) -> bool:
    cache.mkdir(parents=True, exist_ok=True)
    for name, digest in SHA256[kind].items():
        target = cache / name
        if target.is_file() and sha256_of(target) == digest:
            continue
        if not any(download(mirror + name, target, digest, tried) for mirror in mirrors):
            return False
    return True


def download(url: str, target: Path, sha256: str, tried: list | None = None, timeout=30) -> bool:
    """Fetch ``url`` into ``target`` atomically: a temp file, checked, fsynced, then renamed.

    A failed, truncated or wrong download leaves nothing under ``target``; the reason is appended
    to ``tried``.  Returns whether ``target`` now holds the verified file.
    """
    from tqdm.auto import tqdm

    tried = [] if tried is None else tried
    handle, temp = tempfile.mkstemp(prefix=target.name + ".", suffix=".part", dir=target.parent)
    try:
        digest = hashlib.sha256()
        with os.fdopen(handle, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as response:
            total = int(response.headers.get("Content-Length") or 0) or None
            with tqdm(total=total, unit="B", unit_scale=True, desc=target.name, leave=False) as bar:
                for block in iter(lambda: response.read(1 << 16), b""):
                    out.write(block)
                    digest.update(block)
                    bar.update(len(block))
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != sha256:
            tried.append(f"{url}: SHA-256 mismatch (got {digest.hexdigest()[:16]}…, expected "
                         f"{sha256[:16]}…); the file was discarded")
            return False
        os.chmod(temp, 0o644)  # mkstemp's files are private; the cache is plain data
        os.replace(temp, target)
        return True
    except Exception as err:  # network errors come in many types; each is reported, none kept
        tried.append(f"{url}: {type(err).__name__}: {err}")
        return False
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


# --- a toy set -------------------------------------------------------------------------------------
def load_spiral(points_per_class=100, classes=3, seed=0):
    """The three-arm spiral toy set: 2-D points (float32) and int labels; not linearly separable."""
    rng = np.random.default_rng(seed)
    radius = np.tile(np.linspace(0.0, 1.0, points_per_class), classes)
    labels = np.repeat(np.arange(classes), points_per_class)
    angle = labels * 4.0 + radius * 4.0 + rng.standard_normal(radius.size) * 0.2
    x = np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1).astype(np.float32)
    return x, labels


# --- mini-batches ---------------------------------------------------------------------------------------
class DataLoader:
    """Mini-batches over (x, t) in true epochs: every sample once per epoch, in a fresh order.

    ``for x_batch, t_batch in loader`` yields NumPy arrays; the last partial batch is kept unless
    ``drop_last``.  The order comes from the loader's own generator, so ``seed`` makes runs
    reproducible while successive epochs still differ.
    """

    def __init__(self, x, t, batch_size=100, shuffle=True, seed=None, drop_last=False):
        x, t = np.asarray(x), np.asarray(t)
        if len(x) != len(t):
            raise ValueError(f"DataLoader: x has {len(x)} samples but t has {len(t)}; they must "
                             f"pair up one to one")
        if len(x) == 0:
            raise ValueError("DataLoader: the data set is empty")
        if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise ValueError(f"DataLoader: batch_size must be a positive integer, got {batch_size!r}")
        self.x, self.t, self.batch_size = x, t, int(batch_size)
        self.shuffle, self.drop_last = shuffle, drop_last
        self.rng = np.random.default_rng(seed)

    def __len__(self):
        full, rest = divmod(len(self.x), self.batch_size)
        return full + (1 if rest and not self.drop_last else 0)

    def __iter__(self):
        order = self.rng.permutation(len(self.x)) if self.shuffle else np.arange(len(self.x))
        for start in range(0, len(order), self.batch_size):
            index = order[start:start + self.batch_size]
            if len(index) < self.batch_size and self.drop_last:
                return
            yield self.x[index], self.t[index]
