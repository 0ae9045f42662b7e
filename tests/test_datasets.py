"""IDX reader, the embedded mnist-mini, load_mnist's search and download path, DataLoader epochs."""

import gzip
import hashlib
import http.server
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from tinygrad_ko import datasets
from tinygrad_ko.datasets import DataLoader, load_mnist, load_mnist_mini, read_idx


def idx_bytes(array: np.ndarray, type_code=0x08, dtype=np.uint8) -> bytes:
    """An IDX file of ``array``, written the way MNIST's files are (big-endian header)."""
    header = bytes([0, 0, type_code, array.ndim])
    header += b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    return header + array.astype(np.dtype(dtype).newbyteorder(">")).tobytes()


def write_mnist_like(directory: Path, n_train=30, n_test=10, seed=0, compress=True) -> dict:
    """The four IDX files of a tiny fake MNIST (gzip or plain); returns file name -> sha256."""
    rng = np.random.default_rng(seed)
    directory.mkdir(parents=True, exist_ok=True)
    arrays = {"train-images-idx3-ubyte": rng.integers(0, 256, (n_train, 28, 28)),
              "train-labels-idx1-ubyte": np.arange(n_train) % 10,
              "t10k-images-idx3-ubyte": rng.integers(0, 256, (n_test, 28, 28)),
              "t10k-labels-idx1-ubyte": np.arange(n_test) % 10}
    digests = {}
    for name, array in arrays.items():
        data = idx_bytes(array)
        if compress:
            data, name = gzip.compress(data, mtime=0), name + ".gz"
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
        assert loaded.dtype == np.uint8 and loaded.shape == (2, 3, 4)
        np.testing.assert_array_equal(loaded, images)
        loaded[0, 0, 0] = 7  # a normal, writable array (not a view of read-only bytes)


def test_read_idx_other_type_codes_are_big_endian(tmp_path):
    values = np.array([[-70000, 1], [2, 70000]])
    (tmp_path / "ints").write_bytes(idx_bytes(values, 0x0C, np.int32))
    loaded = read_idx(tmp_path / "ints")
    assert loaded.dtype == np.int32 and loaded.dtype.isnative
    np.testing.assert_array_equal(loaded, values)
    (tmp_path / "floats").write_bytes(idx_bytes(np.array([0.5, -2.0]), 0x0D, np.float32))
    np.testing.assert_array_equal(read_idx(tmp_path / "floats"), [0.5, -2.0])


def expect_idx_error(path: Path, *fragments):
    """read_idx raises exactly a ValueError whose message names the file and every fragment."""
    with pytest.raises(ValueError) as info:
        read_idx(path)
    assert type(info.value) is ValueError
    message = str(info.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_read_idx_rejects_truncated_files(tmp_path):
    good = idx_bytes(np.zeros((2, 28, 28)))
    (tmp_path / "short").write_bytes(good[:-5])
    expect_idx_error(tmp_path / "short", "shape (2, 28, 28)", f"{len(good)} bytes",
                     f"{len(good) - 5} bytes", "truncated or corrupt")
    (tmp_path / "long").write_bytes(good + b"\0")
    expect_idx_error(tmp_path / "long", "truncated or corrupt")
    (tmp_path / "header").write_bytes(good[:9])  # magic + 1 of the 3 dimensions, cut short
    expect_idx_error(tmp_path / "header", "truncated IDX header", "9 bytes", "need 16")
    (tmp_path / "gz").write_bytes(gzip.compress(good)[:-10])
    expect_idx_error(tmp_path / "gz", "truncated or corrupt")


def test_read_idx_rejects_a_corrupt_gzip_stream(tmp_path):
    data = bytearray(gzip.compress(bytes(range(256)) * 400))
    data[12:16] = b"\x07\x07\x07\x07"  # a broken deflate block: zlib.error inside gzip
    (tmp_path / "bad.gz").write_bytes(bytes(data))
    expect_idx_error(tmp_path / "bad.gz", "cannot decompress", "truncated or corrupt")


def test_read_idx_rejects_wrong_magic_numbers(tmp_path):
    good = idx_bytes(np.zeros((2, 28, 28)))
    (tmp_path / "magic").write_bytes(b"\x12\x34" + good[2:])
    expect_idx_error(tmp_path / "magic", "not an IDX file", "0x12340803", "expected", "0x00000803")
    (tmp_path / "type").write_bytes(good[:2] + b"\x42" + good[3:])
    expect_idx_error(tmp_path / "type", "0x00004203", "type code (0x08")
    (tmp_path / "empty").write_bytes(b"")
    expect_idx_error(tmp_path / "empty", "an empty file")
    (tmp_path / "text.gz").write_bytes(gzip.compress(b"<html>not found</html>"))
    expect_idx_error(tmp_path / "text.gz", "0x3c68746d")


# --- mnist-mini ----------------------------------------------------------------------------------
@pytest.mark.parametrize("normalize", [True, False])
@pytest.mark.parametrize("flatten", [True, False])
@pytest.mark.parametrize("one_hot", [True, False])
def test_mnist_mini_in_the_books_format(normalize, flatten, one_hot):
    (x_train, t_train), (x_test, t_test) = load_mnist_mini(normalize, flatten, one_hot)
    for x, t, n in ((x_train, t_train, 4000), (x_test, t_test, 1000)):
        assert x.shape == ((n, 784) if flatten else (n, 1, 28, 28))
        if normalize:
            assert x.dtype == np.float32 and x.min() == 0.0 and x.max() == 1.0
        else:
            assert x.dtype == np.uint8 and x.min() == 0 and x.max() == 255
        if one_hot:
            assert t.shape == (n, 10) and t.dtype == np.float32
            np.testing.assert_array_equal(t.sum(axis=1), 1.0)
            assert set(np.unique(t)) == {0.0, 1.0}
            labels = t.argmax(axis=1)
        else:
            assert t.shape == (n,) and t.dtype == np.int64
            labels = t
        np.testing.assert_array_equal(np.bincount(labels, minlength=10), [n // 10] * 10)


def test_mnist_mini_options_agree_with_each_other():
    (raw, labels), _ = load_mnist_mini(normalize=False, flatten=False)
    (x, one_hot), _ = load_mnist_mini(normalize=True, flatten=True, one_hot_label=True)
    np.testing.assert_allclose(x, raw.reshape(4000, 784) / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(one_hot.argmax(axis=1), labels)


def test_mnist_mini_images_are_real_digits():
    (x, t), _ = load_mnist_mini(flatten=False)
    mean_images = np.stack([x[t == d].mean(axis=0)[0] for d in range(10)])
    # a "1" is a thin vertical stroke: little ink far from the centre column, unlike a "0"
    assert mean_images[1][:, :10].mean() < mean_images[0][:, :10].mean()
    assert 0.08 < x.mean() < 0.2  # MNIST's ink coverage


def test_mnist_mini_checksums_are_the_readme_ones(monkeypatch):
    readme = (datasets.MINI_DIR / "README.md").read_text()
    for name, digest in datasets.MINI_SHA256.items():
        assert f"{digest}  {name}" in readme
    monkeypatch.setitem(datasets.MINI_SHA256, "t10k-labels-idx1-ubyte.gz", "0" * 64)
    with pytest.raises(ValueError, match="t10k-labels-idx1-ubyte.gz is damaged.*reinstall"):
        load_mnist_mini()


# --- load_mnist: local folders --------------------------------------------------------------------
@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    """TINYGRAD_KO_DATA at an empty folder and no Debian folder: nothing is found by accident."""
    monkeypatch.setenv("TINYGRAD_KO_DATA", str(tmp_path / "cache"))
    monkeypatch.setattr(datasets, "DEBIAN_FASHION_DIR", tmp_path / "no-debian")
    return tmp_path / "cache"


@pytest.mark.parametrize("compress", [True, False])
def test_load_mnist_from_root(tmp_path, empty_cache, compress):
    write_mnist_like(tmp_path / "mine", n_train=30, n_test=10, compress=compress)
    (x, t), (x_test, t_test) = load_mnist(root=tmp_path / "mine", download=False, flatten=False)
    assert x.shape == (30, 1, 28, 28) and x_test.shape == (10, 1, 28, 28) and x.dtype == np.float32
    np.testing.assert_array_equal(t, np.arange(30) % 10)
    (x, t), _ = load_mnist(root=str(tmp_path / "mine"), normalize=False, one_hot_label=True,
                           download=False)
    assert x.shape == (30, 784) and x.dtype == np.uint8 and t.shape == (30, 10)
    assert not empty_cache.exists()  # found locally: the cache is not even created


def test_a_corrupt_file_in_root_is_an_error_naming_it(tmp_path, empty_cache):
    write_mnist_like(tmp_path / "mine")
    (tmp_path / "mine" / "t10k-images-idx3-ubyte.gz").write_bytes(b"\x1f\x8b garbage")
    with pytest.raises(ValueError, match="t10k-images-idx3-ubyte.gz.*truncated or corrupt"):
        load_mnist(root=tmp_path / "mine", download=False)


def test_files_that_do_not_pair_up_are_an_error(tmp_path, empty_cache):
    write_mnist_like(tmp_path / "mine", n_train=30)
    labels = idx_bytes(np.arange(29) % 10)  # one label short
    (tmp_path / "mine" / "train-labels-idx1-ubyte.gz").write_bytes(gzip.compress(labels))
    with pytest.raises(ValueError, match="30 images but labels of shape \\(29,\\)"):
        load_mnist(root=tmp_path / "mine", download=False)
    (tmp_path / "mine" / "train-labels-idx1-ubyte.gz").write_bytes(
        gzip.compress(idx_bytes(np.full(30, 12))))
    with pytest.raises(ValueError, match="labels from 12 to 12, expected 0..9"):
        load_mnist(root=tmp_path / "mine", download=False)


def test_fashion_is_found_in_the_debian_folder(tmp_path, empty_cache, monkeypatch):
    write_mnist_like(tmp_path / "debian", n_train=20, compress=False)  # plain names are accepted
    monkeypatch.setattr(datasets, "DEBIAN_FASHION_DIR", tmp_path / "debian")
    (x, t), _ = load_mnist(kind="fashion", download=False)
    assert x.shape == (20, 784)
    with pytest.raises(datasets.DatasetNotFoundError):  # only Fashion-MNIST lives there
        load_mnist(kind="digits", download=False)


# .ci/run installs Debian's dataset-fashion-mnist, so CI runs this; elsewhere it needs that package.
@pytest.mark.skipif(not (Path("/usr/share/datasets/fashion-mnist") / "t10k-labels-idx1-ubyte.gz")
                    .is_file(), reason="Debian's dataset-fashion-mnist is not installed")
def test_the_real_debian_fashion_mnist(tmp_path, monkeypatch):
    monkeypatch.setenv("TINYGRAD_KO_DATA", str(tmp_path / "cache"))
    (x, t), (x_test, t_test) = load_mnist(kind="fashion", download=False, normalize=False)
    assert x.shape == (60000, 784) and x_test.shape == (10000, 784)
    np.testing.assert_array_equal(np.bincount(t), [6000] * 10)
    np.testing.assert_array_equal(np.bincount(t_test), [1000] * 10)


def test_unknown_kind_lists_the_choices():
    with pytest.raises(ValueError, match="'digits', 'fashion', got 'letters'"):
        load_mnist(kind="letters")


# --- load_mnist: downloads from a local HTTP server --------------------------------------------------
class Server:
    """Python's http.server on 127.0.0.1 serving a folder; ``truncate`` names files to cut short,
    ``drip`` files to send 256 bytes every 50 ms (for at most a minute: a client that never gives
    up still ends)."""

    def __init__(self, directory: Path, truncate=(), drip=()):
        truncate, drip, self.requests = set(truncate), set(drip), []
        requests = self.requests

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(directory), **kwargs)

            def do_GET(self):
                requests.append(self.path)
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
                if name in drip:
                    self.send_response(200)
                    self.send_header("Content-Length", str(10 ** 9))
                    self.end_headers()
                    self.close_connection = True
                    try:
                        for _ in range(1200):
                            self.wfile.write(b"\0" * 256)
                            self.wfile.flush()
                            time.sleep(0.05)
                    except OSError:  # the client gave up and closed the connection
                        pass
                    return
                super().do_GET()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,),
                                       daemon=True)  # a short poll: shutdown() returns quickly

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


DEAD = "http://127.0.0.1:9/"  # the discard port: nothing listens there, the connection is refused


@pytest.fixture
def served(tmp_path, empty_cache, monkeypatch):
    """A fake mirror with four good files, their checksums trusted, and an empty cache."""
    digests = write_mnist_like(tmp_path / "mirror")
    monkeypatch.setitem(datasets.SHA256, "digits", digests)
    return tmp_path / "mirror", empty_cache / "digits"


def leftovers(cache: Path) -> list:
    """Temp files a download left behind."""
    return [p.name for p in cache.iterdir() if p.name.endswith(".part")]


def test_download_lands_verified_files_in_the_cache(served):
    mirror, cache = served
    with Server(mirror) as server:
        (x, t), _ = load_mnist(mirrors=[server.url])
    assert x.shape == (30, 784)
    assert sorted(p.name for p in cache.iterdir()) == sorted(datasets.FILES.values())
    for name in datasets.FILES.values():
        assert (cache / name).read_bytes() == (mirror / name).read_bytes()
        assert stat.S_IMODE(os.stat(cache / name).st_mode) == 0o644
    assert len(server.requests) == 4
    (x_again, _), _ = load_mnist(download=False)  # now found in the cache, offline
    np.testing.assert_array_equal(x, x_again)


def test_the_next_mirror_is_tried_and_a_base_url_needs_no_slash(served):
    mirror, cache = served
    with Server(mirror) as server:
        load_mnist(mirrors=[DEAD, server.url.rstrip("/")])
    assert len(server.requests) == 4 and not leftovers(cache)
    assert sorted(p.name for p in cache.iterdir()) == sorted(datasets.FILES.values())


def test_the_default_mirror_list_can_be_overridden(served, monkeypatch):
    mirror, cache = served
    with Server(mirror) as server:
        monkeypatch.setitem(datasets.MIRRORS, "digits", [server.url])
        (x, _), _ = load_mnist()
    assert x.shape == (30, 784)


def test_wrong_checksum_is_rejected_and_leaves_no_file(served, monkeypatch):
    mirror, cache = served
    monkeypatch.setitem(datasets.SHA256["digits"], "t10k-labels-idx1-ubyte.gz", "0" * 64)
    with Server(mirror) as server, pytest.raises(datasets.DatasetNotFoundError) as info:
        load_mnist(mirrors=[server.url])
    assert f"{server.url}t10k-labels-idx1-ubyte.gz: SHA-256 mismatch" in str(info.value)
    assert not (cache / "t10k-labels-idx1-ubyte.gz").exists()
    assert not leftovers(cache)


def test_truncated_transfer_is_rejected_and_leaves_no_file(served):
    mirror, cache = served
    size = (mirror / "train-images-idx3-ubyte.gz").stat().st_size
    with Server(mirror, truncate={"train-images-idx3-ubyte.gz"}) as server, \
            pytest.raises(datasets.DatasetNotFoundError) as info:
        load_mnist(mirrors=[server.url])
    assert (f"{server.url}train-images-idx3-ubyte.gz: truncated transfer, received {size // 2} of "
            f"{size} bytes") in str(info.value)
    assert not (cache / "train-images-idx3-ubyte.gz").exists()
    assert not leftovers(cache)


def test_a_trickling_mirror_is_given_up_at_the_deadline_and_the_next_one_is_used(served, monkeypatch):
    mirror, cache = served
    monkeypatch.setattr(datasets, "DOWNLOAD_DEADLINE", 0.5)  # each read is quick: only a total stops it
    with Server(mirror, drip=set(datasets.FILES.values())) as slow, Server(mirror) as good:
        tried = []
        assert not datasets.download(slow.url + "t10k-labels-idx1-ubyte.gz",
                                     mirror.parent / "one.gz", "0" * 64, tried)
        assert "too slow, gave up at the 0.5 s download deadline" in tried[0], tried
        assert not (mirror.parent / "one.gz").exists() and not leftovers(mirror.parent)
        (x, _), _ = load_mnist(mirrors=[slow.url, good.url])
    assert x.shape == (30, 784)
    assert sorted(r.rsplit("/", 1)[-1] for r in good.requests) == sorted(datasets.FILES.values())
    assert sorted(p.name for p in cache.iterdir()) == sorted(datasets.FILES.values())


KILLED_DOWNLOAD = """
import sys
from tinygrad_ko import datasets
datasets.download(sys.argv[1], sys.argv[2], "0" * 64, deadline=120)
"""


def test_a_killed_download_leaves_no_part_file_after_the_next_download(served):
    mirror, cache = served
    cache.mkdir(parents=True)
    target = cache / "train-images-idx3-ubyte.gz"
    root = Path(__file__).resolve().parents[1]
    with Server(mirror, drip={target.name}) as slow, Server(mirror) as good:
        child = subprocess.Popen([sys.executable, "-c", KILLED_DOWNLOAD, slow.url + target.name,
                                  str(target)], cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
        try:
            for _ in range(600):  # until the child's .part file appears (at most a minute)
                if leftovers(cache) or child.poll() is not None:
                    break
                time.sleep(0.1)
            assert len(leftovers(cache)) == 1 and child.poll() is None
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=30)
            assert len(leftovers(cache)) == 1  # kill -9: nothing could clean up
            (stale,) = leftovers(cache)
            (x, _), _ = load_mnist(mirrors=[good.url])
        finally:
            if child.poll() is None:
                child.kill()
    assert x.shape == (30, 784) and not leftovers(cache)
    assert sorted(p.name for p in cache.iterdir()) == sorted(datasets.FILES.values())


def test_a_download_is_renamed_then_its_folder_fsynced(served, monkeypatch):
    mirror, cache = served
    events, real_replace, real_fsync = [], os.replace, os.fsync

    def replace(source, target):
        events.append(("replace", Path(target).name))
        return real_replace(source, target)

    def fsync(fd):
        events.append(("fsync", "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"))
        return real_fsync(fd)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "fsync", fsync)
    with Server(mirror) as server:
        load_mnist(mirrors=[server.url])
    for name in datasets.FILES.values():  # file data first, then the rename, then the folder
        at = events.index(("replace", name))
        assert events[at - 1] == ("fsync", "file") and events[at + 1] == ("fsync", "folder")


def test_float_labels_in_an_idx_file_are_refused(tmp_path, empty_cache):
    write_mnist_like(tmp_path / "mine", n_train=30)
    labels = idx_bytes(np.arange(30) % 10 + 0.5, 0x0D, np.float32)  # once floored silently
    (tmp_path / "mine" / "train-labels-idx1-ubyte.gz").write_bytes(gzip.compress(labels))
    with pytest.raises(ValueError, match="labels of dtype float32, expected integer class indices"):
        load_mnist(root=tmp_path / "mine", download=False)


def test_a_missing_file_on_the_mirror_is_reported(served):
    mirror, cache = served
    (mirror / "t10k-images-idx3-ubyte.gz").unlink()
    with Server(mirror) as server, pytest.raises(datasets.DatasetNotFoundError) as info:
        load_mnist(mirrors=[server.url])
    assert f"{server.url}t10k-images-idx3-ubyte.gz: HTTPError: HTTP Error 404" in str(info.value)
    assert not (cache / "t10k-images-idx3-ubyte.gz").exists() and not leftovers(cache)


def test_corrupt_cached_file_is_downloaded_again(served):
    mirror, cache = served
    write_mnist_like(cache)  # right names, right contents ...
    (cache / "train-labels-idx1-ubyte.gz").write_bytes(b"garbage")  # ... but one of them corrupt
    with Server(mirror) as server:
        (x, t), _ = load_mnist(mirrors=[server.url])
    assert (cache / "train-labels-idx1-ubyte.gz").read_bytes() == \
        (mirror / "train-labels-idx1-ubyte.gz").read_bytes()
    assert [r.rsplit("/", 1)[-1] for r in server.requests] == ["train-labels-idx1-ubyte.gz"]
    assert len(t) == 30


def test_a_corrupt_cache_is_not_used_offline(served):
    _, cache = served
    write_mnist_like(cache)
    (cache / "t10k-images-idx3-ubyte.gz").write_bytes(b"partial")
    with pytest.raises(datasets.DatasetNotFoundError, match="t10k-images.*SHA-256 does not match"):
        load_mnist(download=False)


def test_download_false_sends_no_request(served):
    mirror, _ = served
    with Server(mirror) as server, pytest.raises(datasets.DatasetNotFoundError,
                                                 match="download=False"):
        load_mnist(download=False, mirrors=[server.url])
    assert server.requests == []


def test_when_everything_fails_one_error_lists_what_was_tried(served, tmp_path):
    mirror, cache = served
    cache.mkdir(parents=True)
    (cache / "t10k-labels-idx1-ubyte").write_bytes((mirror / "t10k-labels-idx1-ubyte.gz").read_bytes())
    with pytest.raises(datasets.DatasetNotFoundError) as info:
        load_mnist(root=tmp_path / "nowhere", mirrors=[DEAD, DEAD + "other/"])
    assert isinstance(info.value, FileNotFoundError)
    message = str(info.value)
    assert f"{tmp_path / 'nowhere'}: no such folder" in message
    assert (f"{cache}: missing train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
            f"t10k-images-idx3-ubyte.gz\n") in message  # the fourth is there
    assert f"{DEAD}train-images-idx3-ubyte.gz: URLError" in message
    assert f"{DEAD}other/train-images-idx3-ubyte.gz: URLError" in message
    for fix in ("root=", "TINYGRAD_KO_DATA", "load_mnist_mini()"):
        assert fix in message
    assert "apt-get install dataset-fashion-mnist" not in message  # only for kind="fashion"


def test_fashion_failure_mentions_debian(empty_cache):
    with pytest.raises(datasets.DatasetNotFoundError) as info:
        load_mnist(kind="fashion", download=False)
    message = str(info.value)
    assert str(datasets.DEBIAN_FASHION_DIR) in message
    assert "apt-get install dataset-fashion-mnist" in message


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TINYGRAD_KO_DATA", str(tmp_path))
    assert datasets.cache_dir("fashion") == tmp_path / "fashion"
    monkeypatch.delenv("TINYGRAD_KO_DATA")
    monkeypatch.setattr(datasets.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert datasets.cache_dir("digits") == tmp_path / "xdg" / "tinygrad_ko" / "digits"


# --- DataLoader --------------------------------------------------------------------------------------
def epoch(loader) -> np.ndarray:
    """The sample ids one pass over ``loader`` yields, in order."""
    return np.concatenate([t_batch for _, t_batch in loader])


def test_dataloader_epochs_cover_every_sample_once():
    x, t = np.arange(103)[:, None] * 10, np.arange(103)
    loader = DataLoader(x, t, batch_size=10, shuffle=True, seed=0)
    assert len(loader) == 11
    epochs = []
    for _ in range(3):
        batches = list(loader)
        assert [len(b[0]) for b in batches] == [10] * 10 + [3]  # last partial batch kept
        for xb, tb in batches:
            assert isinstance(xb, np.ndarray) and isinstance(tb, np.ndarray)
            np.testing.assert_array_equal(xb[:, 0], tb * 10)  # pairs stay together
        seen = np.concatenate([b[1] for b in batches])
        np.testing.assert_array_equal(np.sort(seen), np.arange(103))  # each sample exactly once
        epochs.append(seen)
    assert not np.array_equal(epochs[0], epochs[1])  # a fresh order each epoch
    assert not np.array_equal(epochs[0], np.arange(103))  # shuffled at all
    again = DataLoader(x, t, 10, seed=0)
    for expected in epochs:  # the same seed replays the same sequence of epochs
        np.testing.assert_array_equal(epoch(again), expected)
    assert not np.array_equal(epoch(DataLoader(x, t, 10, seed=1)), epochs[0])


def test_dataloader_drop_last_and_no_shuffle():
    x, t = np.zeros((7, 1, 2, 2)), np.arange(7)
    loader = DataLoader(x, t, 3, drop_last=True, seed=0)
    assert len(loader) == 2
    batches = list(loader)
    assert [b[0].shape for b in batches] == [(3, 1, 2, 2)] * 2
    assert len(np.unique(np.concatenate([b[1] for b in batches]))) == 6
    ordered = DataLoader(x, t, 3, shuffle=False)
    np.testing.assert_array_equal(epoch(ordered), t)
    np.testing.assert_array_equal(epoch(ordered), t)
    assert len(DataLoader(x, t, 7)) == 1 and len(DataLoader(x, t, 100)) == 1


def test_dataloader_errors_say_what_is_wrong():
    x, t = np.zeros((7, 2)), np.arange(7)
    with pytest.raises(ValueError, match="7 samples but t has 6"):
        DataLoader(x, t[:6], 3)
    for bad in (0, -1, 2.5, True, "10"):
        with pytest.raises(ValueError, match=f"positive integer, got {bad!r}"):
            DataLoader(x, t, bad)
    with pytest.raises(ValueError, match="empty"):
        DataLoader(x[:0], t[:0], 3)
    with pytest.raises(ValueError, match="drop_last=True and only 7 samples"):
        DataLoader(x, t, 8, drop_last=True)
    with pytest.raises(ValueError, match="one row per sample"):
        DataLoader(np.float32(1.0), t, 3)
