"""Writing outputs safely: one build at a time per folder, and files replaced whole or not at all.

``exclusive`` holds an advisory lock on an output folder for the length of a build.
``write_atomic`` replaces one file; ``staged`` replaces several, each written to a temporary file in
the target folder first and all renamed into place, in the order written, only once every one of
them is complete: an interrupted or failed build leaves the previous files as they were. Every
temporary name starts with ``TEMP_PREFIX``, so the next build under the lock removes what a killed
build left behind.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import logging
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

LOCK_FILE = ".lock"
TEMP_PREFIX = ".build-"  # every temporary file or folder a build makes starts with this
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def sha256_bytes(data: bytes) -> str:
    """The SHA-256 of some bytes, as hex."""
    return hashlib.sha256(data).hexdigest()


@contextmanager
def exclusive(folder: Path) -> Iterator[None]:
    """Hold the lock of ``folder`` (created if needed); wait if another process holds it.

    The lock is released by the operating system when the holder exits, however it exits, so an
    interrupted build never leaves a stale lock behind. Inside the lock, temporary files and
    folders left by an earlier build that was killed (``.build-*``) are removed.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / LOCK_FILE).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("another build is writing %s; waiting for it to finish", folder)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            for leftover in folder.glob(f"{TEMP_PREFIX}*"):
                if leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink(missing_ok=True)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _temporary(path: Path, data: bytes) -> Path:
    """``data`` written to a temporary file beside ``path``, with the usual permissions."""
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp creates 0600; give the usual permissions
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


@contextmanager
def staged() -> Iterator[Callable[[Path, bytes], None]]:
    """Collect files to write; on a normal exit, rename them all into place in the order given.

    Yields ``write(path, data)``. Each file is first written in full to a temporary file in its
    own folder; if anything fails before the block ends, every temporary file is removed and no
    target is touched.
    """
    pending: list[tuple[Path, Path]] = []

    def write(path: Path, data: bytes) -> None:
        pending.append((_temporary(Path(path), data), Path(path)))

    try:
        yield write
        for tmp, path in pending:
            os.replace(tmp, path)
    finally:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: the file is either the old one or the new one, whole."""
    with staged() as write:
        write(path, data)


_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


def deterministic_zip(files: dict[str, bytes], folder: str) -> bytes:
    """A zip of ``files`` under ``folder/``: entries sorted, fixed timestamps and permissions.

    The same files give the same bytes on every build (the Data page's download, a release).
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()
