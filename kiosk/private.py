"""Owner-only files and folders: patients' data never lands world-readable, whatever the umask.

The mode is given when a file is created (no window in which it is readable) and tightened on files an older
version left open. SQLite creates its -wal and -shm files with the main file's mode, so the main file is made
0600 before SQLite ever opens it.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import IO

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def _mine(path: Path) -> bool:
    # Only tighten what this user owns (and only where POSIX owners exist): never fight an admin's setup.
    return not hasattr(os, "getuid") or path.stat().st_uid == os.getuid()


def private_folder(path: Path) -> None:
    """Create the folder 0700 (parents as the umask says), or tighten it to 0700 when it is ours."""
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    if _mine(path):
        path.chmod(FOLDER_MODE)


def tighten_folder(path: Path) -> None:
    """Make everything of ours under the folder owner-only: files 0600, folders 0700 (symlinks untouched).

    At every start: a secret key, spool or backup left 0644 by an older install or a restored copy would
    otherwise stay readable by every account on the PC."""
    for folder, folders, files in os.walk(path):
        for name in folders + files:
            item = Path(folder, name)
            if item.is_symlink() or not _mine(item):
                continue
            if item.is_dir():
                item.chmod(FOLDER_MODE)
            elif item.is_file():
                item.chmod(FILE_MODE)


def private_file(path: Path) -> None:
    """Create an empty file 0600 if it is missing; make an existing file of ours 0600."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        pass
    if _mine(path):
        path.chmod(FILE_MODE)


def private_sqlite(path: Path) -> None:
    """The database file 0600 before SQLite opens it (its -wal and -shm follow), and leftovers tightened.

    A folder that is missing or not ours to write is left for SQLite to report when it connects (the kiosk
    answers 503 then, and /healthz names it), not turned into a crash at start-up here.
    """
    try:
        private_file(path)
    except OSError:
        return
    for suffix in ("-wal", "-shm", "-journal"):
        extra = path.with_name(path.name + suffix)
        if extra.exists() and _mine(extra):
            extra.chmod(FILE_MODE)


def open_private(path: Path, encoding: str = "utf-8") -> IO[str]:
    """Open a text file for writing, created 0600 or truncated and tightened to 0600."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, FILE_MODE)
    return os.fdopen(fd, "w", encoding=encoding, newline="")
