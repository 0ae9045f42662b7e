"""Temporary files for atomic writes, and the cleaning of those a killed process left behind.

A save or download writes ``<prefix><pid>-<random><suffix>`` beside its target (``<random>``: the
8 characters ``tempfile.mkstemp`` picks), then renames it over the target and fsyncs the folder.
A process killed in between (``kill -9``, power loss) leaves its temporary file; the next save or
download into that folder removes every one whose writer is gone: a process id that no longer
runs, one of this process that is not being written now, or (ids of other machines on shared
folders) one untouched for ``STALE_SECONDS``.  Files named any other way are never touched.

Standard library only, so ``datasets`` can use it without importing the engine.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
import time

#: a temporary file untouched this long is removed even if its process id seems alive
STALE_SECONDS = 600.0
_writing = set()  # temporary files this process is writing now
_lock = threading.Lock()


def make_temp(directory, prefix: str, suffix: str):
    """``(fd, path)`` of a new private file ``<prefix><pid>-<random><suffix>`` in ``directory``,
    marked as being written until :func:`done_with_temp`."""
    fd, path = tempfile.mkstemp(prefix=f"{prefix}{os.getpid()}-", suffix=suffix, dir=directory)
    with _lock:
        _writing.add(os.path.abspath(path))
    return fd, path


def done_with_temp(path) -> None:
    """Forget ``path`` (renamed or deleted): from now on it is a leftover if it still exists."""
    with _lock:
        _writing.discard(os.path.abspath(path))


def remove_stale_temps(directory, prefix: str, suffix: str) -> list:
    """Delete the leftovers ``<prefix>[<pid>-]<random><suffix>`` of killed writers in ``directory``
    (see the module docstring for which); other names are never touched.  Returns the removed
    paths; unreadable folders remove nothing."""
    removed, now = [], time.time()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    ours = re.compile(re.escape(prefix) + r"(?:(\d+)-)?[a-z0-9_]{8}" + re.escape(suffix))
    for entry in entries:
        match = ours.fullmatch(entry.name)  # only names mkstemp gave us: never a file of yours
        if match is None:
            continue
        try:
            if entry.is_file(follow_symlinks=False) and _is_leftover(entry, match[1], now):
                os.unlink(entry.path)
                removed.append(entry.path)
        except OSError:
            continue  # vanished meanwhile, or not ours to remove
    return removed


def _is_leftover(entry, pid_text, now: float) -> bool:
    if now - entry.stat().st_mtime >= STALE_SECONDS:
        return True
    if pid_text is None:
        return False  # named by an older version, without the pid: only its age counts
    pid = int(pid_text)
    if pid == os.getpid():
        with _lock:
            return os.path.abspath(entry.path) not in _writing
    return not _process_exists(pid)


def _process_exists(pid: int) -> bool:
    if os.name == "nt":
        return True  # os.kill would end the process there: only the age counts on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # exists but belongs to someone else, or cannot tell: keep the file
    return True


def write_atomically(path, write, prefix: str = ".tmp-", suffix: str = "") -> str:
    """Write ``path`` all or nothing: ``write(file)`` fills a temporary file beside it, which is
    flushed, fsynced, given the mode of the file it replaces (else 0644) and renamed over ``path``;
    then the folder is fsynced.  On any failure the temporary file is removed and ``path`` is as
    it was.  Leftovers of killed writers with the same ``prefix``/``suffix`` are removed first.
    Returns ``path`` as a str."""
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise IsADirectoryError(f"cannot write {path!r}: it is a folder; give a file name inside it, "
                                f"e.g. {os.path.join(path, 'model' + (suffix or '.bin'))!r}")
    if not os.path.isdir(directory):
        if os.path.exists(directory):
            raise NotADirectoryError(f"cannot write {path!r}: {directory!r} is a file, not a folder")
        raise FileNotFoundError(f"cannot write {path!r}: the directory {directory!r} does not "
                                f"exist; create it first (os.makedirs)")
    remove_stale_temps(directory, prefix, suffix)
    try:
        fd, tmp = make_temp(directory, prefix, suffix)
    except OSError as err:
        raise type(err)(err.errno, f"cannot write {path!r}: the folder {directory!r} cannot be "
                                   f"written to ({err.strerror}); choose another folder") from None
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain open() would have had
        os.chmod(tmp, os.stat(path).st_mode & 0o777 if os.path.exists(path) else 0o644)
        os.replace(tmp, path)
        fsync_dir(directory)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    finally:
        done_with_temp(tmp)
    return path


def fsync_dir(directory) -> None:
    """Make a rename inside ``directory`` durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
