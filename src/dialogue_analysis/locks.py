"""One build at a time per output folder: an advisory file lock the next build waits on."""

from __future__ import annotations

import fcntl
import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

LOCK_FILE = ".lock"
TEMP_PREFIX = ".build-"  # every temporary file or folder a build makes starts with this


@contextmanager
def exclusive(folder: Path) -> Iterator[None]:
    """Hold the lock of ``folder`` (created if needed); wait if another process holds it.

    The lock is released by the operating system when the holder exits, however it exits, so an
    interrupted build never leaves a stale lock behind. Inside the lock, temporary folders left by
    an earlier build that was killed (``.build-*``) are removed.
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
