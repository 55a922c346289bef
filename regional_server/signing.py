"""The server's Ed25519 key: every bundle it serves is signed with it, line PCs verify.

The key is a PEM file, read at start: ``REGIONAL_SERVER_SIGNING_KEY`` names it, else it lies
beside a SQLite database (``bundle-signing-key.pem``), else (PostgreSQL) in the server's user
data folder. A region running several hosts on one PostgreSQL gives them all the same file.
Missing, it is made on first start, readable by the server's user only (0600); several workers
starting at once agree on one key (it is linked into place, never overwritten).
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from regional_server.database import SQLITE, DatabaseUrl
from shopfloor_core.contract import bundle_signed_text

KEY_ENV = "REGIONAL_SERVER_SIGNING_KEY"
KEY_NAME = "bundle-signing-key.pem"


def key_path(url: DatabaseUrl) -> Path:
    configured = os.environ.get(KEY_ENV)
    if configured:
        return Path(configured)
    if url.dialect == SQLITE:
        return url.path.resolve().parent / KEY_NAME
    return Path.home() / ".local" / "share" / "regional-server" / KEY_NAME


def load_or_create(path: Path) -> Ed25519PrivateKey:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        draft = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as out:
                out.write(pem)
                out.flush()
                os.fsync(out.fileno())
            try:
                os.link(draft, path)  # fails if another worker was first: its key wins
            except FileExistsError:
                pass
        finally:
            draft.unlink(missing_ok=True)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path}: not an Ed25519 private key")
    return key


class BundleSigner:
    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key
        raw = key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.public_key = base64.b64encode(raw).decode()

    def sign(self, version: int, published_utc: str, sections: dict[str, object]) -> str:
        signature = self._key.sign(bundle_signed_text(version, published_utc, sections))
        return base64.b64encode(signature).decode()
