"""MNIST and Fashion-MNIST in the book's format, the embedded mnist-mini subset, and a DataLoader.

``load_mnist`` looks for the four IDX files in ``root``, then in the cache directory
(``$TINYGRAD_KO_DATA/<kind>`` or the platform cache, ``~/.cache/tinygrad_ko/<kind>`` on Linux), then
— for Fashion-MNIST — in Debian's ``/usr/share/datasets/fashion-mnist/``, and finally downloads them
from the mirrors in ``MIRRORS`` with a SHA-256 check and an atomic write.  When all of that fails it
raises one :class:`DatasetNotFoundError` (a ``FileNotFoundError``) that lists every place and URL
tried.  ``load_mnist_mini`` needs no network: a real 4,000 + 1,000 image MNIST subset ships inside
the package (CC BY-SA 3.0, see ``data/mnist-mini/README.md``).

Everything here works on NumPy arrays; of tinygrad_ko only the standard-library helper
``atomic_files`` is imported (the engine is not).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import math
import os
import sys
import time
import urllib.request
import zlib
from pathlib import Path

import numpy as np

from .atomic_files import done_with_temp, fsync_dir, make_temp, remove_stale_temps

FILES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}

# Base URLs; a file's URL is the base + its name.  Override per call with load_mnist(mirrors=[...]).
MIRRORS = {
    "digits": ["https://ossci-datasets.s3.amazonaws.com/mnist/",
               "https://storage.googleapis.com/cvdf-datasets/mnist/"],
    "fashion": ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
}

#: seconds one file may take to arrive from one mirror before the next mirror is tried
DOWNLOAD_DEADLINE = 600.0

# SHA-256 of the official gzip files (the same bytes on every mirror listed above).
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
MINI_SHA256 = {  # as listed in data/mnist-mini/README.md
    "train-images-idx3-ubyte.gz": "b7ca198ac4c8bd3b58e61c25f7f25a25a0b18da957e5d55cf0f22a6c512e28c4",
    "train-labels-idx1-ubyte.gz": "b0ec418df5245d5163835c454ef1af4c338ba0dcc7a9698956c34677fb574234",
    "t10k-images-idx3-ubyte.gz": "ff43dd178e06975407c1329427c137c9a09fad9877025301e0c07f22e7060931",
    "t10k-labels-idx1-ubyte.gz": "75898356302976bafb997b3d724bb3a77860495ff65037a554b77c20d7d0864e",
}
# Debian's dataset-fashion-mnist ships the four files under their official names, but recompressed
# (other bytes, same contents): they are checked as IDX files, not by the official SHA-256.
DEBIAN_FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")
KINDS = ("digits", "fashion")
NUM_CLASSES = 10

_IDX_DTYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


class DatasetNotFoundError(FileNotFoundError):
    """No usable copy of a data set was found anywhere and none could be downloaded.

    The message lists every folder looked in and every URL tried, each with the reason it failed;
    ``kind`` and ``tried`` keep them, so a caller (the CLI, ``tinygrad_ko.book``) can word the fixes
    for its own readers with :func:`not_found_message`.
    """

    kind: str = "digits"
    tried: tuple = ()


# --- IDX files ------------------------------------------------------------------------------------
#: the most array bytes read_idx accepts by default (MNIST's largest file holds 47 MB)
MAX_IDX_BYTES = 1 << 30
_CHUNK = 1 << 20


def read_idx(path, max_bytes: int = MAX_IDX_BYTES) -> np.ndarray:
    """Read an IDX file (MNIST's format), gzip-compressed or plain, checking every header field.

    The header is read first; the data is then read (decompressed piece by piece) into a buffer of
    the size the header declares, and reading stops one byte past it.  So memory never exceeds the
    declared size, which may be at most ``max_bytes``.  Raises ValueError naming the file for a
    wrong magic number, an absurd declared size, a truncated, overlong or corrupt file.
    """
    path = Path(path)
    with open(path, "rb") as handle:
        is_gzip = handle.read(2) == b"\x1f\x8b"
        stored = os.fstat(handle.fileno()).st_size
    try:
        with (gzip.open if is_gzip else open)(path, "rb") as handle:
            return _read_idx_stream(handle, str(path), max_bytes, None if is_gzip else stored)
    except (OSError, EOFError, zlib.error) as err:
        raise ValueError(f"{path}: cannot decompress the file ({type(err).__name__}: {err}); it is "
                         f"truncated or corrupt — delete it and download it again") from None


def parse_idx(raw: bytes, where: str = "<bytes>", max_bytes: int = MAX_IDX_BYTES) -> np.ndarray:
    """The array stored in the bytes of an IDX file; ``where`` names the source in errors."""
    return _read_idx_stream(io.BytesIO(raw), where, max_bytes, len(raw))


def _read_idx_stream(handle, where: str, max_bytes: int, stored) -> np.ndarray:
    """Header, then exactly the declared data; ``stored``: the byte count when known upfront."""
    magic = handle.read(4)
    if len(magic) < 4 or magic[0] != 0 or magic[1] != 0 or magic[2] not in _IDX_DTYPES:
        found = f"0x{magic.hex()}" if magic else "an empty file"
        codes = ", ".join(f"0x{code:02x}" for code in _IDX_DTYPES)
        raise ValueError(f"{where}: not an IDX file — its magic number is {found}, expected two zero "
                         f"bytes, a type code ({codes}) and the number of dimensions, e.g. 0x00000803 "
                         f"for MNIST images or 0x00000801 for labels")
    dtype, ndim = np.dtype(_IDX_DTYPES[magic[2]]), magic[3]
    header = 4 + 4 * ndim
    dims = handle.read(4 * ndim)
    if len(dims) < 4 * ndim:
        raise ValueError(f"{where}: truncated IDX header: {4 + len(dims)} bytes, but {ndim} dimensions "
                         f"need {header}; the file is truncated or corrupt — download it again")
    shape = tuple(int.from_bytes(dims[4 * i:4 * i + 4], "big") for i in range(ndim))
    nbytes = math.prod(shape) * dtype.itemsize
    if nbytes > max_bytes:
        raise ValueError(f"{where}: the IDX header declares shape {shape} of {dtype.name}, "
                         f"{nbytes:,} bytes, more than the {max_bytes:,} allowed; the file is corrupt "
                         f"(or pass max_bytes= to read it)")
    expected = header + nbytes
    if stored is not None and stored != expected:
        raise ValueError(f"{where}: the IDX header promises shape {shape} ({expected} bytes) but the "
                         f"data has {stored} bytes; it is truncated or corrupt — download it again")
    data = np.empty(nbytes, dtype=np.uint8)
    view, filled = memoryview(data), 0
    while filled < nbytes:
        count = handle.readinto(view[filled:filled + _CHUNK])
        if not count:
            raise ValueError(f"{where}: the IDX header promises shape {shape} ({expected} bytes) but "
                             f"the data has {header + filled} bytes; it is truncated or corrupt — "
                             f"download it again")
        filled += count
    if handle.read(1):
        raise ValueError(f"{where}: the IDX header promises shape {shape} ({expected} bytes) but "
                         f"the data goes on past them; it is truncated or corrupt — download it again")
    return data.view(dtype).reshape(shape).astype(dtype.newbyteorder("="), copy=False)


# --- the book's format ------------------------------------------------------------------------------
def check_flag(value, name: str, who: str) -> bool:
    """A yes/no argument must be True or False (a NumPy bool too): in Python any non-empty string,
    "no" and "False" included, counts as true, so it would silently mean yes."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{who}: {name} must be True or False, got {value!r} "
                        f"({type(value).__name__}); write {name}=True or {name}=False (a string such "
                        f"as 'no' would count as true)")
    return bool(value)


def _check_format_flags(normalize, flatten, one_hot_label, who) -> None:
    for name, value in (("normalize", normalize), ("flatten", flatten),
                        ("one_hot_label", one_hot_label)):
        check_flag(value, name, who)


def to_book_format(images, labels, normalize=True, flatten=True, one_hot_label=False):
    """(N, H, W) uint8 images and (N,) labels as the book returns them.

    normalize: float32 in [0, 1] (else uint8); flatten: (N, H*W) (else (N, 1, H, W));
    one_hot_label: (N, 10) float32 rows (else int64 class indices).
    """
    _check_format_flags(normalize, flatten, one_hot_label, "to_book_format")
    x = images.astype(np.float32) / np.float32(255.0) if normalize else images
    x = x.reshape(len(x), -1) if flatten else x.reshape(len(x), 1, *images.shape[1:])
    t = labels.astype(np.int64)
    if t.size and (t.min() < 0 or t.max() >= NUM_CLASSES):
        raise ValueError(f"to_book_format: labels must be class indices 0..{NUM_CLASSES - 1}, got "
                         f"values from {t.min()} to {t.max()}; check that the labels file belongs to "
                         f"the images")
    if one_hot_label:
        t = np.eye(NUM_CLASSES, dtype=np.float32)[t]
    return x, t


def _check_pair(images, labels, images_path, labels_path) -> None:
    """A clear error when two files do not form an (images, labels) pair of MNIST's kind."""
    problem = None
    if images.ndim != 3 or images.dtype != np.uint8:
        problem = f"images of shape {images.shape} and dtype {images.dtype}, expected (N, H, W) uint8"
    elif labels.dtype.kind not in "iu":
        problem = (f"labels of dtype {labels.dtype}, expected integer class indices (IDX type code "
                   f"0x08, unsigned byte)")
    elif labels.ndim != 1 or len(labels) != len(images):
        problem = f"{len(images)} images but labels of shape {labels.shape}, expected ({len(images)},)"
    elif labels.size and (labels.min() < 0 or labels.max() >= NUM_CLASSES):
        problem = f"labels from {labels.min()} to {labels.max()}, expected 0..{NUM_CLASSES - 1}"
    if problem:
        raise ValueError(f"{images_path} and {labels_path} do not form an MNIST-style pair: {problem}. "
                         f"Check that the files are the ones their names say")


def _load_dir(directory: Path, names: dict, normalize, flatten, one_hot_label):
    """Read the four files ``names`` (key -> file name) in ``directory`` into the book's format."""
    paths = {key: directory / name for key, name in names.items()}
    arrays = {key: read_idx(path) for key, path in paths.items()}
    result = []
    for split in ("train", "test"):
        images, labels = arrays[f"{split}_images"], arrays[f"{split}_labels"]
        _check_pair(images, labels, paths[f"{split}_images"], paths[f"{split}_labels"])
        result.append(to_book_format(images, labels, normalize, flatten, one_hot_label))
    return tuple(result)


def load_mnist_mini(normalize=True, flatten=True, one_hot_label=False):
    """The embedded real MNIST subset: 4,000 training (400 per digit) and 1,000 test (100 per digit).

    Same arguments and return value as :func:`load_mnist`: ``((x_train, t_train), (x_test, t_test))``.
    """
    _check_format_flags(normalize, flatten, one_hot_label, "load_mnist_mini")
    for name, digest in MINI_SHA256.items():
        found = sha256_of(MINI_DIR / name)
        if found != digest:
            raise ValueError(f"the embedded data file {MINI_DIR / name} is damaged: SHA-256 {found}, "
                             f"expected {digest}; reinstall tinygrad_ko")
    return _load_dir(MINI_DIR, FILES, normalize, flatten, one_hot_label)


def load_mnist(normalize=True, flatten=True, one_hot_label=False, kind="digits", root=None,
               download=True, mirrors=None):
    """MNIST digits (``kind="digits"``) or Fashion-MNIST (``kind="fashion"``), the book's way.

    Returns ``((x_train, t_train), (x_test, t_test))``: images as float32 in [0, 1] when
    ``normalize`` (else uint8), flattened to (N, 784) when ``flatten`` (else (N, 1, 28, 28)); labels
    as int64 class indices, or (N, 10) float32 one-hot rows when ``one_hot_label``.

    Looks in ``root``, then :func:`cache_dir`, then (fashion) Debian's folder, then downloads into the
    cache from ``mirrors`` (default ``MIRRORS[kind]``; base URLs).  Raises :class:`DatasetNotFoundError`
    listing every place and URL tried when nothing works; a corrupt file in ``root`` is a ValueError.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(map(repr, KINDS))}, got {kind!r}")
    _check_format_flags(normalize, flatten, one_hot_label, "load_mnist")
    check_flag(download, "download", "load_mnist")
    tried = []
    cache = cache_dir(kind)
    root_dir = Path(root).expanduser() if root is not None else None
    for directory in _search_dirs(kind, root):
        # Only the cache, which downloads fill, is checked against the official SHA-256: files
        # you point at (root=) or that Debian installed (recompressed) are checked as IDX instead.
        found = _find_files(directory, kind, tried, verify=directory == cache)
        if found is None:
            continue
        try:
            return _load_dir(directory, found, normalize, flatten, one_hot_label)
        except ValueError as err:
            if directory == root_dir:
                raise  # you chose these files: say what is wrong with them, do not look elsewhere
            tried.append(f"{directory}: unusable ({err})")
    if not download:
        tried.append("download=False: no mirror was tried")
    elif _download_all(kind, cache, _mirror_list(kind, mirrors), tried):
        return _load_dir(cache, FILES, normalize, flatten, one_hot_label)
    error = DatasetNotFoundError(not_found_message(kind, tried))
    error.kind, error.tried = kind, tuple(tried)
    raise error


def not_found_message(kind: str, tried, for_cli: bool = False,
                      offline: str = "use load_mnist_mini(): a real 4,000 + 1,000 image MNIST "
                                     "subset") -> str:
    """Why ``kind`` could not be had (every place tried) and how to fix it: Python calls for a
    program, command-line options when ``for_cli`` (the CLI's readers type options, not calls)."""
    if for_cli:
        fixes = [f"put the four IDX files ({', '.join(FILES.values())}; .gz or uncompressed) in a "
                 f"'{kind}' subfolder of a folder named by the TINYGRAD_KO_DATA environment variable",
                 "or connect to the network so that a mirror is reachable"]
        offline = ("pass --data mini instead: the real 4,000 + 1,000 image MNIST subset that ships "
                   "with tinygrad_ko")
    else:
        fixes = [f"put the four IDX files ({', '.join(FILES.values())}; .gz or uncompressed) in a "
                 f"folder and pass root=...",
                 f"or set TINYGRAD_KO_DATA to a folder holding them in a '{kind}' subfolder",
                 "or make sure a mirror is reachable and call with download=True (the default)"]
    if kind == "fashion":
        fixes.append("or `apt-get install dataset-fashion-mnist` (Debian/Ubuntu)")
    fixes.append(f"or, offline, {offline}")
    return (f"could not find or download the {kind} data set. Tried:\n  - " + "\n  - ".join(tried)
            + "\nTo fix: " + ";\n  ".join(fixes) + ".")


def cache_dir(kind: str) -> Path:
    """Where downloads go: ``$TINYGRAD_KO_DATA/<kind>``, else the platform's cache folder.

    Linux: ``$XDG_CACHE_HOME`` or ``~/.cache``; macOS: ``~/Library/Caches``; Windows:
    ``%LOCALAPPDATA%``; each followed by ``tinygrad_ko/<kind>``.
    """
    base = os.environ.get("TINYGRAD_KO_DATA")
    if base:
        return Path(base).expanduser() / kind
    if sys.platform == "win32":
        platform_cache = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        platform_cache = Path.home() / "Library" / "Caches"
    else:
        platform_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return platform_cache / "tinygrad_ko" / kind


def _search_dirs(kind: str, root) -> list:
    """The folders load_mnist looks in, in order."""
    dirs = [Path(root).expanduser()] if root is not None else []
    dirs.append(cache_dir(kind))
    if kind == "fashion":
        dirs.append(DEBIAN_FASHION_DIR)
    return dirs


def _find_files(directory: Path, kind: str, tried: list, verify: bool):
    """Names of the four files in ``directory`` (gzip or plain), or None (the reason in ``tried``)."""
    found, missing = {}, []
    for key, name in FILES.items():
        present = [n for n in (name, name.removesuffix(".gz")) if (directory / n).is_file()]
        if present:
            found[key] = present[0]
        else:
            missing.append(name)
    if missing:
        what = "no such folder" if not directory.is_dir() else "missing " + ", ".join(missing)
        tried.append(f"{directory}: {what}")
        return None
    if verify:
        for name in found.values():
            expected = SHA256[kind].get(name)
            if sha256_of(directory / name) != expected:
                tried.append(f"{directory / name}: SHA-256 does not match the official file "
                             f"(corrupt, partial or not the official file); downloading it again")
                return None
    return found


def _mirror_list(kind: str, mirrors) -> list:
    """Base URLs, each ending in '/'; a single string is one mirror."""
    mirrors = MIRRORS[kind] if mirrors is None else mirrors
    mirrors = [mirrors] if isinstance(mirrors, str) else list(mirrors)
    return [m if m.endswith("/") else m + "/" for m in mirrors]


# --- downloading -------------------------------------------------------------------------------------
def sha256_of(path) -> str:
    """Hex SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _download_all(kind: str, cache: Path, mirrors: list, tried: list) -> bool:
    """Make the cache hold the four verified files; False (reasons in ``tried``) if one can't be had."""
    if not mirrors:
        tried.append("no mirror to download from (mirrors is empty)")
        return False
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        tried.append(f"{cache}: cannot create the cache folder ({err}); set TINYGRAD_KO_DATA to a "
                     f"writable folder")
        return False
    for name in SHA256[kind]:  # what killed downloads left: gone before anything new is written
        remove_stale_temps(cache, name + ".", ".part")
    for name, digest in SHA256[kind].items():
        target = cache / name
        if target.is_file() and sha256_of(target) == digest:
            continue
        if not any(download(mirror + name, target, digest, tried) for mirror in mirrors):
            return False
    return True


def download(url: str, target, sha256: str, tried: list | None = None, timeout=30,
             deadline: float | None = None) -> bool:
    """Fetch ``url`` into ``target`` atomically: a temp file beside it, checked, fsynced, renamed,
    then the folder fsynced.

    ``timeout``: seconds one network read may wait; ``deadline``: seconds the whole transfer may
    take (default ``DOWNLOAD_DEADLINE``), so a mirror that trickles bytes is given up and the
    caller moves on to the next one.  A failed, truncated, late or wrong download leaves nothing
    under ``target`` (nor a temp file), and leftovers of killed downloads of ``target`` are
    removed; the reason is appended to ``tried``.  Returns whether ``target`` holds the verified file.
    """
    target = Path(target)
    tried = [] if tried is None else tried
    deadline = DOWNLOAD_DEADLINE if deadline is None else deadline
    ends = time.monotonic() + deadline
    temp = promised = None
    try:
        remove_stale_temps(target.parent, target.name + ".", ".part")
        handle, temp = make_temp(target.parent, target.name + ".", ".part")
        with os.fdopen(handle, "wb") as out, \
                urllib.request.urlopen(url, timeout=min(timeout, deadline)) as response:
            promised = int(response.headers.get("Content-Length") or 0) or None
            received, digest = _copy_with_progress(response, out, promised, target.name, ends)
            out.flush()
            os.fsync(out.fileno())
        if promised is not None and received != promised:
            tried.append(f"{url}: truncated transfer, received {received} of {promised} bytes; "
                         f"the partial file was discarded")
            return False
        if digest != sha256:
            tried.append(f"{url}: SHA-256 mismatch (got {digest[:16]}…, expected {sha256[:16]}…); "
                         f"the file was discarded")
            return False
        os.chmod(temp, 0o644)  # mkstemp's files are private; the cache is plain data
        os.replace(temp, target)
        fsync_dir(target.parent)
        return True
    except _TooSlow as err:
        of = f" of {promised:,}" if promised else ""
        tried.append(f"{url}: too slow, gave up at the {deadline:g} s download deadline with "
                     f"{err.args[0]:,}{of} bytes; the partial file was discarded")
        return False
    except Exception as err:  # network errors come in many types; each is reported, none kept
        tried.append(f"{url}: {type(err).__name__}: {err}")
        return False
    finally:
        if temp is not None:
            if os.path.exists(temp):
                os.unlink(temp)
            done_with_temp(temp)


class _TooSlow(Exception):
    """The transfer did not finish within its deadline; ``args[0]``: the bytes received."""


def _copy_with_progress(response, out, total, label: str, ends: float = math.inf):
    """Copy the response body to ``out`` under a tqdm bar, until the monotonic time ``ends``;
    returns (bytes copied, hex SHA-256).  ``read1`` returns what one network read brought, so a
    trickling server is noticed after each piece, not after a whole block."""
    from tqdm.auto import tqdm

    digest, received = hashlib.sha256(), 0
    read = getattr(response, "read1", response.read)
    with tqdm(total=total, unit="B", unit_scale=True, desc=label, leave=False) as bar:
        for block in iter(lambda: read(1 << 16), b""):
            out.write(block)
            digest.update(block)
            received += len(block)
            bar.update(len(block))
            if time.monotonic() > ends:
                raise _TooSlow(received)
    return received, digest.hexdigest()


# --- a toy set -------------------------------------------------------------------------------------
def load_spiral(points_per_class=100, classes=3, seed=0):
    """The three-arm spiral toy set: 2-D points (float32) and int labels; not linearly separable."""
    for name, value in (("points_per_class", points_per_class), ("classes", classes)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"load_spiral: {name} must be a positive whole number, got {value!r} "
                             f"(the book's spiral: points_per_class=100, classes=3)")
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
    ``drop_last``.  The order comes from the loader's own ``np.random.default_rng(seed)``, so a seed
    makes runs reproducible while successive epochs still differ.  ``len(loader)`` is the number of
    batches per epoch.
    """

    def __init__(self, x, t, batch_size=100, shuffle=True, seed=None, drop_last=False):
        x, t = np.asarray(x), np.asarray(t)
        if x.ndim == 0 or t.ndim == 0:
            raise ValueError(f"DataLoader: x and t must be arrays with one row per sample, got shapes "
                             f"{x.shape} and {t.shape}")
        if len(x) != len(t):
            raise ValueError(f"DataLoader: x has {len(x)} samples but t has {len(t)}; they must "
                             f"pair up one to one")
        if len(x) == 0:
            raise ValueError("DataLoader: the data set is empty (x and t have 0 samples)")
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) \
                or batch_size < 1:
            raise ValueError(f"DataLoader: batch_size must be a positive integer, got {batch_size!r}")
        shuffle, drop_last = check_flag(shuffle, "shuffle", "DataLoader"), check_flag(
            drop_last, "drop_last", "DataLoader")
        if drop_last and batch_size > len(x):
            raise ValueError(f"DataLoader: batch_size {batch_size} with drop_last=True and only "
                             f"{len(x)} samples would yield no batch; use a smaller batch_size or "
                             f"drop_last=False")
        self.x, self.t, self.batch_size = x, t, int(batch_size)
        self.shuffle, self.drop_last = shuffle, drop_last
        try:
            self.rng = np.random.default_rng(seed)
        except (TypeError, ValueError):
            raise ValueError(f"DataLoader: seed must be a non-negative integer or None, got "
                             f"{seed!r}") from None

    def __len__(self):
        full, rest = divmod(len(self.x), self.batch_size)
        return full + (1 if rest and not self.drop_last else 0)

    def __iter__(self):
        n = len(self.x)
        order = self.rng.permutation(n) if self.shuffle else np.arange(n)
        stop = n - n % self.batch_size if self.drop_last else n
        for start in range(0, stop, self.batch_size):
            index = order[start:start + self.batch_size]
            yield self.x[index], self.t[index]
