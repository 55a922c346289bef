"""Is this bundle the regional server's? Its Ed25519 signature, checked before anything else.

The server's public key is trusted on first contact: the first bundle that verifies against the
key it came with pins that key in the store (``sync/key_pins.py``); every later bundle must
verify against the pinned key, or against a key the pinned key endorsed: a planned rotation on
the server has the old key sign the new one, and the bundle carries that chain of endorsements
(``Bundle.key_endorsements``). A line PC walks the chain from its pinned key, each step
verified by the key before, and then pins the last key. A bundle without a signature, signed by
a key the pinned one never endorsed, or whose signature does not verify, is refused like a
bundle with broken content: logged, reported in the sync status, and the bundle in force stays
(docs/regional-operations.md).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from shopfloor_core.contract import (
    KEY_ENDORSEMENT_PREFIX,
    MAX_KEY_ENDORSEMENTS,
    Bundle,
    key_fingerprint,
    short_fingerprint,
)
from sync.key_pins import PINNED_KEY

__all__ = [
    "PINNED_KEY",
    "SignatureCheck",
    "canonical_key",
    "check_signature",
    "raw_key",
    "signature_problem",
    "verifies",
]

KEY_BYTES = 32  # a raw Ed25519 public key

RE_TRUST_HINT = (
    "if the region replaced its key, plant IT re-trusts it with "
    "'operator-app trust-region-key --fingerprint ...'"
)


@dataclass(frozen=True)
class SignatureCheck:
    """The verdict on a bundle's signature: why not, or the key it verified against."""

    problem: str | None
    key: str | None = None  # the key to pin (or keep pinned) when the bundle is applied
    endorsed: bool = False  # reached from the pinned key through endorsements
    moved: bool = False  # ``key`` is to be pinned: first contact, or a key the chain reached


def verifies(key: str, signature: str, message: bytes) -> bool:
    """Whether ``signature`` (base64) is ``key``'s (base64, raw Ed25519) over ``message``."""
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(key, validate=True))
        public.verify(base64.b64decode(signature, validate=True), message)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


def raw_key(text: str) -> bytes | None:
    """The 32 bytes of an Ed25519 public key in base64; None when ``text`` is not one."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (ValueError, binascii.Error):
        return None
    return raw if len(raw) == KEY_BYTES else None


def canonical_key(text: str) -> str | None:
    """``text`` as the key's one spelling; None when it is not a key.

    Base64 lets the same bytes be spelled several ways (the unused low bits of the last digit),
    and keys travel outside the signature: a key is compared and pinned by its bytes, so a
    respelled key cannot make a line PC pin a spelling the server never uses and then refuse
    every bundle it sends.
    """
    raw = raw_key(text)
    return None if raw is None else base64.b64encode(raw).decode()


def _short(key: str) -> str:
    try:
        return short_fingerprint(key_fingerprint(key)) + "..."
    except (ValueError, binascii.Error):
        return "(not a key)"


def _chain_problem(bundle: Bundle) -> str | None:
    """Why the chain cannot even be walked: too long, or a link naming something not a key."""
    chain = bundle.key_endorsements
    if len(chain) > MAX_KEY_ENDORSEMENTS:
        return (
            f"signature: the bundle carries {len(chain)} key endorsements, more than "
            f"{MAX_KEY_ENDORSEMENTS}; the chain is not read and the bundle in force stays "
            f"({RE_TRUST_HINT})"
        )
    for position, step in enumerate(chain, start=1):
        if raw_key(step.key) is None or raw_key(step.endorsed_by) is None:
            return (
                f"signature: key endorsement {position} names something that is not a key "
                "(32 bytes in base64); the bundle in force stays"
            )
    return None


def _endorsed_key(bundle: Bundle, pinned: bytes) -> tuple[bytes | None, str | None]:
    """The last key of the bundle's chain reached from ``pinned``, or a problem."""
    key = pinned
    for step in bundle.key_endorsements:
        if raw_key(step.endorsed_by) != key:
            continue  # a rotation before the key this PC pinned
        new = raw_key(step.key)
        assert new is not None  # _chain_problem refused the chain otherwise
        statement = KEY_ENDORSEMENT_PREFIX + new
        if not verifies(_text(key), step.signature, statement):
            return None, (
                f"signature: does not verify: the endorsement of key {_short(step.key)} by key "
                f"{_short(_text(key))} is not that key's signature; the bundle in force stays"
            )
        key = new
    return key, None


def _text(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def check_signature(bundle: Bundle, pinned_key: str | None) -> SignatureCheck:
    """Whether the bundle is the regional server's, and under which key."""
    if not bundle.signature:
        return SignatureCheck("signature: the bundle is not signed")
    text = bundle.signed_text()  # with whom it is for, when the server signed that
    signing = raw_key(bundle.signing_key) if bundle.signing_key else None
    if bundle.signing_key and signing is None:
        return SignatureCheck(
            "signature: the key the bundle came with is not a key (32 bytes in base64); "
            "the bundle in force stays"
        )
    if pinned_key is None:
        if signing is None:
            return SignatureCheck("signature: the server sent no signing key and none is pinned")
        if not verifies(_text(signing), bundle.signature, text):
            return SignatureCheck(
                "signature: does not verify against the key it came with; the bundle in force stays"
            )
        return SignatureCheck(None, _text(signing), moved=True)
    pinned = raw_key(pinned_key)
    if pinned is None:
        return SignatureCheck(
            f"signature: the key pinned in this PC's store is not a key; {RE_TRUST_HINT}"
        )
    if signing in (None, pinned):
        if not verifies(_text(pinned), bundle.signature, text):
            return SignatureCheck(
                "signature: does not verify against the pinned key; the bundle in force stays"
            )
        return SignatureCheck(None, _text(pinned))
    assert signing is not None
    problem = _chain_problem(bundle)
    if problem is not None:
        return SignatureCheck(problem)
    reached, problem = _endorsed_key(bundle, pinned)
    if problem is not None:
        return SignatureCheck(problem)
    if reached != signing:
        return SignatureCheck(
            f"signature: does not verify against the pinned key {_short(pinned_key)}: signed by "
            f"key {_short(bundle.signing_key)}, which it has not endorsed; the bundle in force "
            f"stays ({RE_TRUST_HINT})"
        )
    if not verifies(_text(signing), bundle.signature, text):
        return SignatureCheck(
            "signature: does not verify against the key the pinned key endorsed; "
            "the bundle in force stays"
        )
    return SignatureCheck(None, _text(signing), endorsed=True, moved=True)


def signature_problem(bundle: Bundle, pinned_key: str | None) -> str | None:
    """Why the bundle's signature is not to be trusted; None when it verifies."""
    return check_signature(bundle, pinned_key).problem
