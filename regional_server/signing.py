"""The server's Ed25519 key: every bundle it serves is signed with it, line PCs verify.

The key is a PEM file, read at start: ``REGIONAL_SERVER_SIGNING_KEY`` names it, else it lies
beside a SQLite database (``bundle-signing-key.pem``), else (PostgreSQL) in the server's user
data folder. A region running several hosts on one PostgreSQL gives them all the same file.
Missing, it is made on first start, readable by the server's user only (0600); several workers
starting at once agree on one key (it is linked into place, never overwritten).

A planned rotation (``regional-server signing-key rotate``) makes a new key, has the old key
sign it (an endorsement, kept in the ``signing_keys`` history), and puts the new key in the
file; the old file stays beside it (``.retired-<fingerprint>``). A running server reads the
file again when it changed, and serves every endorsement leading to its key, so a line PC
pinned to any earlier key of the chain moves to the new one (docs/regional-operations.md).
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from regional_server.database import SQLITE, Connection, DatabaseUrl
from shopfloor_core.contract import (
    MAX_KEY_ENDORSEMENTS,
    BundleAudience,
    KeyEndorsement,
    bundle_signed_text,
    key_endorsement_text,
    key_fingerprint,
)
from shopfloor_core.domain.clock import to_iso

log = logging.getLogger(__name__)

KEY_ENV = "REGIONAL_SERVER_SIGNING_KEY"
KEY_NAME = "bundle-signing-key.pem"

# How a key came into use (signing_keys.how).
FIRST_USE = "first use"  # the server found (or made) it at start, no earlier key vouched for it
ROTATED = "rotated"  # a planned rotation: the key before endorsed it
REPLACED = "replaced"  # the key before was lost or compromised: nobody endorsed it


def key_path(url: DatabaseUrl) -> Path:
    configured = os.environ.get(KEY_ENV)
    if configured:
        return Path(configured)
    if url.dialect == SQLITE:
        return url.path.resolve().parent / KEY_NAME
    return Path.home() / ".local" / "share" / "regional-server" / KEY_NAME


def public_text(key: Ed25519PrivateKey) -> str:
    """The public half as the contract carries it: base64 of the 32 raw bytes."""
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def _write_draft(path: Path, key: Ed25519PrivateKey) -> Path:
    """``key`` in a new file beside ``path``, readable by its owner only and on disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    draft = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(pem)
        out.flush()
        os.fsync(out.fileno())
    return draft


def load(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path}: not an Ed25519 private key")
    return key


def load_or_create(path: Path) -> Ed25519PrivateKey:
    if not path.exists():
        draft = _write_draft(path, Ed25519PrivateKey.generate())
        try:
            os.link(draft, path)  # fails if another worker was first: its key wins
        except FileExistsError:
            pass
        finally:
            draft.unlink(missing_ok=True)
    return load(path)


class BundleSigner:
    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key
        self.public_key = public_text(key)
        self.fingerprint = key_fingerprint(self.public_key)

    def sign(
        self,
        version: int,
        published_utc: str,
        sections: dict[str, object],
        audience: BundleAudience | None = None,
    ) -> str:
        """The signature of the bundle's text, naming ``audience`` when the PC asked for it."""
        text = bundle_signed_text(version, published_utc, sections, audience)
        return base64.b64encode(self._key.sign(text)).decode()


class KeyFile:
    """The key the server signs with now: its file, read again whenever it changed.

    A rotation replaces the file in one step (a rename), so a running server, every worker of
    it, moves to the new key at its next bundle answer without a restart.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._signer = BundleSigner(load_or_create(path))
        self._seen = self._identity()
        self._stale_said: set[str] = set()

    def _identity(self) -> tuple[int, int, int]:
        status = os.stat(self.path)
        return status.st_ino, status.st_mtime_ns, status.st_size

    def signer(self) -> BundleSigner:
        try:
            seen = self._identity()
        except OSError as gone:
            log.error(
                "signing key file %s cannot be read (%s): still the key read before",
                self.path,
                gone,
            )
            return self._signer
        if seen != self._seen:
            with self._lock:
                try:
                    signer = BundleSigner(load(self.path))
                except (OSError, ValueError) as broken:
                    log.error(
                        "signing key file %s changed but cannot be used (%s): still %s",
                        self.path,
                        broken,
                        self._signer.fingerprint,
                    )
                    return self._signer
                if signer.public_key != self._signer.public_key:
                    log.warning(
                        "bundles are signed with the key %s from now on", signer.fingerprint
                    )
                self._signer, self._seen = signer, seen
        return self._signer

    def endorsements(self, entries: list[KeyEntry], signer: BundleSigner) -> list[KeyEndorsement]:
        """The chain to serve with ``signer``'s bundles (``entries``: the history).

        A host still signing with a key the history has a newer one after missed a rotation
        made on another host: the line PCs that moved on refuse its bundles until it gets the
        new file. Said once per key, not at every answer.
        """
        newer = newest_after(entries, signer.public_key)
        if newer is not None and signer.public_key not in self._stale_said:
            self._stale_said.add(signer.public_key)
            log.error(
                "bundles are signed with key %s, but the region moved on to key %s on %s: "
                "give this host the new key file (line PCs that moved on refuse its bundles)",
                signer.fingerprint,
                newer.fingerprint,
                newer.since_utc,
            )
        return endorsements_to(entries, signer.public_key)


# -- the history ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class KeyEntry:
    public_key: str
    fingerprint: str
    since_utc: str
    how: str
    endorsed_by: str | None
    endorsement: str | None
    actor: str


def register(conn: Connection, public_key: str, now: datetime, actor: str) -> bool:
    """Note a key found in use (its first use); False when the history already has it."""
    known = conn.execute("SELECT 1 FROM signing_keys WHERE public_key = ?", [public_key])
    if known.fetchone() is not None:
        return False
    _insert(conn, public_key, now, FIRST_USE, None, None, actor)
    return True


def _insert(
    conn: Connection,
    public_key: str,
    now: datetime,
    how: str,
    endorsed_by: str | None,
    endorsement: str | None,
    actor: str,
) -> None:
    conn.execute(
        "INSERT INTO signing_keys (public_key, fingerprint, since_utc, how, endorsed_by, "
        "endorsement, actor) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (public_key) DO NOTHING",
        [
            public_key,
            key_fingerprint(public_key),
            to_iso(now),
            how,
            endorsed_by,
            endorsement,
            actor,
        ],
    )


def history(conn: Connection) -> list[KeyEntry]:
    rows = conn.execute(
        "SELECT public_key, fingerprint, since_utc, how, endorsed_by, endorsement, actor "
        "FROM signing_keys ORDER BY entry"
    ).fetchall()
    return [KeyEntry(*row) for row in rows]


def endorsements_to(entries: list[KeyEntry], public_key: str) -> list[KeyEndorsement]:
    """The chain of planned rotations that ends in ``public_key``, oldest first.

    A line PC offline through several rotations walks it from the key it pinned; the newest
    ``MAX_KEY_ENDORSEMENTS`` are served (a PC refuses a longer chain unread; one that slept
    through more rotations is re-trusted by plant IT). It stops at a key nobody endorsed (the
    first, or one that replaced a lost or compromised key), so a compromised key's endorsements
    are never served again once it was replaced.
    """
    by_key = {e.public_key: e for e in entries}
    chain: list[KeyEndorsement] = []
    key = public_key
    while key in by_key and len(chain) < min(len(entries), MAX_KEY_ENDORSEMENTS):
        entry = by_key[key]
        if entry.endorsed_by is None or entry.endorsement is None:
            break
        chain.append(KeyEndorsement(key, entry.endorsed_by, entry.endorsement))
        key = entry.endorsed_by
    chain.reverse()
    return chain


def newest_after(entries: list[KeyEntry], public_key: str) -> KeyEntry | None:
    """The newest key used after ``public_key`` (None: it is the newest, or unknown)."""
    for position, entry in enumerate(entries):
        if entry.public_key == public_key:
            later = entries[position + 1 :]
            return later[-1] if later else None
    return None


# -- rotation ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rotation:
    previous: str | None  # the key replaced (None: its file was lost)
    new: KeyEntry
    draft: Path  # the new key's file, put in place by install()


def prepare_rotation(
    conn: Connection, path: Path, now: datetime, actor: str, *, endorse: bool
) -> Rotation:
    """A new key, written beside ``path``, and its row in the history (in ``conn``'s
    transaction); ``install`` puts it in place once that transaction committed.

    In this order so that a failure at any step leaves a server whose key file is the key
    before, which every line PC still accepts.
    """
    try:
        old: Ed25519PrivateKey | None = load(path)
    except FileNotFoundError:
        if endorse:
            raise ValueError(
                f"{path}: no signing key to rotate from; if it was lost, use --compromised"
            ) from None
        old = None
    except ValueError as unreadable:
        if endorse:
            raise ValueError(
                f"{unreadable}; if the key is damaged, replace it with --compromised"
            ) from None
        old = None  # the damaged file is kept all the same (install)
    previous = public_text(old) if old is not None else None
    if previous is not None:
        register(conn, previous, now, actor)
    new = Ed25519PrivateKey.generate()
    new_public = public_text(new)
    endorsement = None
    if endorse and old is not None:
        endorsement = base64.b64encode(old.sign(key_endorsement_text(new_public))).decode()
    draft = _write_draft(path, new)
    try:
        how = ROTATED if endorsement else REPLACED
        endorsed_by = previous if endorsement else None
        _insert(conn, new_public, now, how, endorsed_by, endorsement, actor)
    except BaseException:
        draft.unlink(missing_ok=True)
        raise
    entry = KeyEntry(
        new_public,
        key_fingerprint(new_public),
        to_iso(now),
        how,
        endorsed_by,
        endorsement,
        actor,
    )
    return Rotation(previous, entry, draft)


def retired_path(path: Path, public_key: str) -> Path:
    compact = key_fingerprint(public_key).replace(":", "")[:16].lower()
    return path.with_name(f"{path.name}.retired-{compact}")


def install(rotation: Rotation, path: Path) -> Path | None:
    """Put the new key in place; the old file is kept as ``retired_path`` (returned)."""
    kept = None
    if path.exists():
        if rotation.previous is not None:
            kept = retired_path(path, rotation.previous)
        else:
            kept = path.with_name(f"{path.name}.retired-unreadable-{secrets.token_hex(4)}")
        try:
            os.link(path, kept)
        except FileExistsError:
            pass
    os.replace(rotation.draft, path)  # one step: a server reads the old key or the new one
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
    return kept


def discard(rotation: Rotation) -> None:
    rotation.draft.unlink(missing_ok=True)
