"""A locked-down data directory: the store holds the roster's badges and PIN hashes.

On Linux the directory is 0700 and everything in it 0600 (directories inside 0700): the client's
account reads it, administrators reach it as root, nobody else. The client creates its files
under umask 077 and narrows what it finds at every start. On Windows the directory gets an ACL
for its owner and the Administrators group only, without inherited entries, set with
``icacls`` (files inside inherit it).
"""

from __future__ import annotations

import getpass
import logging
import os
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
PRIVATE_UMASK = 0o077
# The Administrators group by its well-known SID: the name is translated on a Spanish Windows.
ADMINISTRATORS_SID = "*S-1-5-32-544"


@dataclass(frozen=True)
class WideMode:
    """A file or folder of the data directory that others than its owner may reach."""

    path: Path
    mode: int

    def describe(self) -> str:
        return f"{self.path} is {self.mode:04o}"


def is_windows() -> bool:
    return sys.platform.startswith("win")


def private_umask() -> int:
    """From now on this process creates files for its own account only; the previous umask."""
    return os.umask(PRIVATE_UMASK)


def lock_down(data_dir: Path) -> None:
    """Create ``data_dir`` if needed and narrow it and everything in it to the owner."""
    data_dir.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    if is_windows():
        _set_windows_acl(data_dir)
        return
    for path in _tree(data_dir):
        wanted = PRIVATE_DIR_MODE if path.is_dir() else PRIVATE_FILE_MODE
        try:
            current = stat.S_IMODE(path.lstat().st_mode)
            if current & ~wanted:
                os.chmod(path, current & wanted)
        except OSError as exc:
            # Someone else's file (e.g. left by root): status will keep showing it.
            log.warning("cannot narrow the permissions of %s: %s", path, exc.strerror)


def wider_than_private(data_dir: Path) -> list[WideMode]:
    """Files and folders of ``data_dir`` that group or others may reach (POSIX; [] on Windows,
    where the ACL is set at every start instead)."""
    if is_windows() or not data_dir.exists():
        return []
    wide = []
    for path in _tree(data_dir):
        try:
            mode = stat.S_IMODE(path.lstat().st_mode)
        except OSError:
            continue
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            wide.append(WideMode(path, mode))
    return wide


def _tree(data_dir: Path) -> list[Path]:
    """The directory and everything in it, without following links out of it."""
    found = [data_dir]
    for root, dirs, files in os.walk(data_dir):
        found.extend(Path(root, name) for name in dirs + files)
    return [p for p in found if not p.is_symlink()]


def windows_acl_commands(data_dir: Path, owner: str) -> list[list[str]]:
    """The ``icacls`` calls that leave ``data_dir`` to ``owner`` and Administrators alone."""
    folder = str(data_dir)
    return [
        # Replace inherited entries (Users, Authenticated Users) by nothing: only ours remain.
        [
            "icacls",
            folder,
            "/inheritance:r",
            "/grant:r",
            f"{owner}:(OI)(CI)F",
            "/grant:r",
            f"{ADMINISTRATORS_SID}:(OI)(CI)F",
        ],
        # Files made before the folder was locked down take the folder's entries again.
        ["icacls", os.path.join(folder, "*"), "/reset", "/T", "/C", "/Q"],
    ]


def _set_windows_acl(data_dir: Path) -> None:
    owner = f"{os.environ.get('USERDOMAIN', '')}\\{getpass.getuser()}".lstrip("\\")
    commands = windows_acl_commands(data_dir, owner)
    if not any(data_dir.iterdir()):
        commands = commands[:1]  # nothing inside yet to reset
    for command in commands:
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False)
        except OSError as exc:
            log.warning("cannot set the data directory's ACL (%s): %s", command[0], exc)
            return
        if done.returncode != 0:
            log.warning(
                "icacls refused to lock down %s: %s", data_dir, (done.stdout + done.stderr).strip()
            )
