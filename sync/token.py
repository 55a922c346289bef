"""The device token: kept in a file of its own, readable by the client's account only.

The site TOML names the file (``[sync] token_file``) but never holds the token, so the
configuration can be copied, printed or put in version control without leaking credentials.
Plant IT enrols a token with ``operator-app sync --set-token-from-stdin``.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from operator_app.site_config.model import SiteConfig

TOKEN_FILE_NAME = "sync-token"
MAX_TOKEN_CHARS = 512


class TokenProblem(Exception):
    """No usable token; the message says what plant IT should do."""


def token_path(site: SiteConfig) -> Path:
    """``[sync] token_file``, or ``sync-token`` in the data directory."""
    configured = site.sync.token_file if site.sync else None
    return configured if configured is not None else site.data_dir / TOKEN_FILE_NAME


def read_token(path: Path) -> str:
    try:
        token = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise TokenProblem(
            f"no device token at {path}; enrol one with 'operator-app sync --set-token-from-stdin'"
        ) from None
    except OSError as exc:
        raise TokenProblem(f"the device token at {path} cannot be read ({exc.strerror})") from None
    if not token or len(token) > MAX_TOKEN_CHARS or any(c.isspace() for c in token):
        raise TokenProblem(f"the device token at {path} is not a token; enrol it again")
    return token


def write_token(path: Path, token: str) -> None:
    """Replace the token file atomically, created with owner-only permissions (0600 on POSIX).

    On Windows the file inherits the folder's ACL: keep it in the machine data folder, which
    the installer restricts to the kiosk account and administrators.
    """
    token = token.strip()
    if not token or len(token) > MAX_TOKEN_CHARS or any(c.isspace() for c in token):
        raise TokenProblem("that is not a token (empty, too long or with spaces)")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.new")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(token + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)


def too_open(path: Path) -> bool:
    """Whether others than the owner may read the token (POSIX only)."""
    if sys.platform.startswith("win"):
        return False
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & (stat.S_IRWXG | stat.S_IRWXO))
