"""IDX reader, the embedded mnist-mini, load_mnist's search and download path, DataLoader epochs."""

import gzip
import hashlib
import http.server
import threading
from pathlib import Path

import numpy as np
import pytest

from tinygrad_ko import datasets
from tinygrad_ko.datasets import DataLoader, load_mnist, load_mnist_mini, read_idx


def idx_bytes(array: np.ndarray) -> bytes:
    """An IDX file of a uint8 array, written the way MNIST's files are."""
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    return header + array.astype(np.uint8).tobytes()


def write_mnist_like(directory: Path, n_train=30, n_test=10, seed=0) -> dict:
    """The four gzip IDX files of a tiny fake MNIST; returns name -> sha256."""
    rng = np.random.default_rng(seed)
    directory.mkdir(parents=True, exist_ok=True)
    arrays = {"train-images-idx3-ubyte.gz": rng.integers(0, 256, (n_train, 28, 28)),
              "train-labels-idx1-ubyte.gz": np.arange(n_train) % 10,
              "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (n_test, 28, 28)),
              "t10k-labels-idx1-ubyte.gz": np.arange(n_test) % 10}
    digests = {}
    for name, array in arrays.items():
        data = gzip.compress(idx_bytes(array), mtime=0)
        (directory / name).write_bytes(data)
        digests[name] = hashlib.sha256(data).hexdigest()
    return digests


# --- IDX ---------------------------------------------------------------------------------------
def test_read_idx_gzip_and_plain(tmp_path):
    images = np.arange(2 * 3 * 4).reshape(2, 3, 4)
    (tmp_path / "a.gz").write_bytes(gzip.compress(idx_bytes(images)))
    (tmp_path / "a").write_bytes(idx_bytes(images))
    for name in ("a.gz", "a"):
        loaded = read_idx(tmp_path / name)
        assert loaded.dtype == np.uint8
        np.testing.assert_array_equal(loaded, images)


def test_read_idx_rejects_truncated_and_wrong_magic(tmp_path):
    good = idx_bytes(np.zeros((2, 28, 28)))
    (tmp_path / "short").write_bytes(good[:-5])
    with pytest.raises(ValueError, match="truncated or corrupt"):
        read_idx(tmp_path / "short")
    (tmp_path / "magic").write_bytes(b"\x12\x34" + good[2:])
    with pytest.raises(ValueError, match="not an IDX file.*magic number is 1234"):
        read_idx(tmp_path / "magic")
    (tmp_path / "gz").write_bytes(gzip.compress(good)[:-10])
    with pytest.raises(ValueError, match="truncated or corrupt"):
        read_idx(tmp_path / "gz")


# --- mnist-mini ----------------------------------------------------------------------------------
@pytest.mark.parametrize("normalize", [True, False])
@pytest.mark.parametrize("flatten", [True, False])
@pytest.mark.parametrize("one_hot", [True, False])
def test_mnist_mini_in_the_books_format(normalize, flatten, one_hot):
    (x_train, t_train), (x_test, t_test) = load_mnist_mini(normalize, flatten, one_hot)
    assert len(x_train) == len(t_train) == 4000 and len(x_test) == len(t_test) == 1000
    assert x_train.shape[1:] == ((784,) if flatten else (1, 28, 28))
    if normalize:
        assert x_train.dtype == np.float32 and x_train.min() == 0.0 and x_train.max() == 1.0
    else:
        assert x_train.dtype == np.uint8 and x_train.max() == 255
    labels = t_train.argmax(axis=1) if one_hot else t_train
    assert (t_train.shape == (4000, 10)) if one_hot else (t_train.dtype == np.int64)
    np.testing.assert_array_equal(np.bincount(labels), [400] * 10)
    test_labels = t_test.argmax(axis=1) if one_hot else t_test
    np.testing.assert_array_equal(np.bincount(test_labels), [100] * 10)


def test_mnist_mini_images_are_real_digits():
    (x, t), _ = load_mnist_mini(flatten=False)
    mean_images = np.stack([x[t == d].mean(axis=0)[0] for d in range(10)])
    # a "1" is a thin vertical stroke: little ink far from the centre column, unlike a "0"
    assert mean_images[1][:, :10].mean() < mean_images[0][:, :10].mean()
    assert 0.08 < x.mean() < 0.2  # MNIST's ink coverage


# --- load_mnist: root, cache, download ------------------------------------------------------------
def test_load_mnist_from_root(tmp_path):
    write_mnist_like(tmp_path / "mine", n_train=30, n_test=10)
    (x, t), (x_test, t_test) = load_mnist(root=tmp_path / "mine", download=False, flatten=False)
    assert x.shape == (30, 1, 28, 28) and x_test.shape == (10, 1, 28, 28)
    np.testing.assert_array_equal(t, np.arange(30) % 10)


def test_unknown_kind_lists_the_choices():
    with pytest.raises(ValueError, match="digits.*fashion"):
        load_mnist(kind="letters")


class Server:
    """Python's http.server on 127.0.0.1 serving a folder; ``truncate`` names files to cut short."""

    def __init__(self, directory: Path, truncate=()):
        truncate = set(truncate)

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(directory), **kwargs)

            def do_GET(self):
                name = self.path.rsplit("/", 1)[-1]
                if name in truncate:  # promise the whole file, send half, hang up
                    body = (directory / name).read_bytes()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                super().do_GET()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def served(tmp_path, monkeypatch):
    """A fake mirror with four good files, their checksums trusted, and an empty cache."""
    digests = write_mnist_like(tmp_path / "mirror")
    monkeypatch.setitem(datasets.SHA256, "digits", digests)
    monkeypatch.setenv("TINYGRAD_KO_DATA", str(tmp_path / "cache"))
    return tmp_path / "mirror", tmp_path / "cache" / "digits"


def test_download_lands_verified_files_in_the_cache(served):
    mirror, cache = served
    with Server(mirror) as server:
        (x, t), _ = load_mnist(mirrors=[server.url])
    assert x.shape == (30, 784)
    assert sorted(p.name for p in cache.iterdir()) == sorted(datasets.FILES.values())
    (x_again, _), _ = load_mnist(download=False)  # now found in the cache, offline
    np.testing.assert_array_equal(x, x_again)


def test_wrong_checksum_is_rejected_and_leaves_no_file(served, monkeypatch):
    mirror, cache = served
    monkeypatch.setitem(datasets.SHA256["digits"], "t10k-labels-idx1-ubyte.gz", "0" * 64)
    with Server(mirror) as server, pytest.raises(datasets.DatasetNotFoundError) as info:
        load_mnist(mirrors=[server.url])
    assert "SHA-256 mismatch" in str(info.value) and "t10k-labels" in str(info.value)
    assert not (cache / "t10k-labels-idx1-ubyte.gz").exists()
    assert not [p for p in cache.iterdir() if p.name.endswith(".part")]


def test_truncated_transfer_is_rejected_and_leaves_no_file(served):
    mirror, cache = served
    with Server(mirror, truncate={"train-images-idx3-ubyte.gz"}) as server, \
            pytest.raises(datasets.DatasetNotFoundError) as info:
        load_mnist(mirrors=[server.url])
    assert "train-images-idx3-ubyte.gz" in str(info.value)
    assert not (cache / "train-images-idx3-ubyte.gz").exists()
    assert not [p for p in cache.iterdir() if p.name.endswith(".part")]


def test_corrupt_cached_file_is_downloaded_again(served):
    mirror, cache = served
    cache.mkdir(parents=True)
    write_mnist_like(cache)  # right names ...
    (cache / "train-labels-idx1-ubyte.gz").write_bytes(b"garbage")  # ... one of them corrupt
    with Server(mirror) as server:
        (x, t), _ = load_mnist(mirrors=[server.url])
    good = (mirror / "train-labels-idx1-ubyte.gz").read_bytes()
    assert (cache / "train-labels-idx1-ubyte.gz").read_bytes() == good
    assert len(t) == 30


def test_when_everything_fails_one_error_lists_what_was_tried(served, tmp_path):
    _, cache = served
    dead = "http://127.0.0.1:9/"  # discard port: nothing listens there
    with pytest.raises(datasets.DatasetNotFoundError) as info:
        load_mnist(root=tmp_path / "nowhere", mirrors=[dead])
    message = str(info.value)
    assert str(tmp_path / "nowhere") in message and str(cache) in message
    assert dead + "train-images-idx3-ubyte.gz" in message
    assert "load_mnist_mini()" in message and "TINYGRAD_KO_DATA" in message


# --- DataLoader --------------------------------------------------------------------------------------
def test_dataloader_epochs_cover_every_sample_once():
    x, t = np.arange(103)[:, None], np.arange(103)
    loader = DataLoader(x, t, batch_size=10, shuffle=True, seed=0)
    assert len(loader) == 11
    epochs = []
    for _ in range(2):
        batches = list(loader)
        assert [len(b[0]) for b in batches] == [10] * 10 + [3]
        seen = np.concatenate([b[1] for b in batches])
        assert sorted(seen) == list(range(103))
        for xb, tb in batches:
            np.testing.assert_array_equal(xb[:, 0], tb)  # pairs stay together
        epochs.append(seen)
    assert not np.array_equal(epochs[0], epochs[1])  # a fresh order each epoch
    again = np.concatenate([b[1] for b in DataLoader(x, t, 10, seed=0)])
    np.testing.assert_array_equal(again, epochs[0])  # reproducible with a seed


def test_dataloader_options_and_errors():
    x, t = np.zeros((7, 2)), np.arange(7)
    assert [len(b[1]) for b in DataLoader(x, t, 3, drop_last=True)] == [3, 3]
    assert len(DataLoader(x, t, 3, drop_last=True)) == 2
    np.testing.assert_array_equal(np.concatenate([b[1] for b in DataLoader(x, t, 3, shuffle=False)]), t)
    with pytest.raises(ValueError, match="7 samples but t has 6"):
        DataLoader(x, t[:6], 3)
    with pytest.raises(ValueError, match="positive integer"):
        DataLoader(x, t, 0)
    with pytest.raises(ValueError, match="empty"):
        DataLoader(x[:0], t[:0], 3)
