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
    Bundle,
    bundle_signed_text,
    key_endorsement_text,
    key_fingerprint,
)
from sync.key_pins import PINNED_KEY

__all__ = ["PINNED_KEY", "SignatureCheck", "check_signature", "signature_problem", "verifies"]

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


def verifies(key: str, signature: str, message: bytes) -> bool:
    """Whether ``signature`` (base64) is ``key``'s (base64, raw Ed25519) over ``message``."""
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(key, validate=True))
        public.verify(base64.b64decode(signature, validate=True), message)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


def _short(key: str) -> str:
    try:
        return key_fingerprint(key)[:23] + "..."
    except (ValueError, binascii.Error):
        return "(not a key)"


def _endorsed_key(bundle: Bundle, pinned: str) -> tuple[str | None, str | None]:
    """The last key of the bundle's chain reached from ``pinned``, or a problem."""
    key = pinned
    for step in bundle.key_endorsements:
        if step.endorsed_by != key:
            continue  # a rotation before the key this PC pinned
        try:
            statement = key_endorsement_text(step.key)
        except (ValueError, binascii.Error):
            statement = b""
        if not statement or not verifies(key, step.signature, statement):
            return None, (
                f"signature: does not verify: the endorsement of key {_short(step.key)} by key "
                f"{_short(key)} is not that key's signature; the bundle in force stays"
            )
        key = step.key
    return key, None


def check_signature(bundle: Bundle, pinned_key: str | None) -> SignatureCheck:
    """Whether the bundle is the regional server's, and under which key."""
    if not bundle.signature:
        return SignatureCheck("signature: the bundle is not signed")
    text = bundle_signed_text(bundle.version, bundle.published_utc, bundle.sections)
    if pinned_key is None:
        if not bundle.signing_key:
            return SignatureCheck("signature: the server sent no signing key and none is pinned")
        if not verifies(bundle.signing_key, bundle.signature, text):
            return SignatureCheck(
                "signature: does not verify against the key it came with; the bundle in force stays"
            )
        return SignatureCheck(None, bundle.signing_key)
    if bundle.signing_key in ("", pinned_key):
        if not verifies(pinned_key, bundle.signature, text):
            return SignatureCheck(
                "signature: does not verify against the pinned key; the bundle in force stays"
            )
        return SignatureCheck(None, pinned_key)
    reached, problem = _endorsed_key(bundle, pinned_key)
    if problem is not None:
        return SignatureCheck(problem)
    if reached != bundle.signing_key:
        return SignatureCheck(
            f"signature: does not verify against the pinned key {_short(pinned_key)}: signed by "
            f"key {_short(bundle.signing_key)}, which it has not endorsed; the bundle in force "
            f"stays ({RE_TRUST_HINT})"
        )
    if not verifies(bundle.signing_key, bundle.signature, text):
        return SignatureCheck(
            "signature: does not verify against the key the pinned key endorsed; "
            "the bundle in force stays"
        )
    return SignatureCheck(None, bundle.signing_key, endorsed=True)


def signature_problem(bundle: Bundle, pinned_key: str | None) -> str | None:
    """Why the bundle's signature is not to be trusted; None when it verifies."""
    return check_signature(bundle, pinned_key).problem
