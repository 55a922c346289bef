"""Is this bundle the regional server's? Its Ed25519 signature, checked before anything else.

The server's public key is trusted on first contact: the first bundle that verifies against the
key it came with pins that key in the store (``sync_state``); every later bundle must verify
against the pinned key, whatever key it announces. A bundle without a signature, or whose
signature does not verify, is refused like a bundle with broken content: logged, reported in
the sync status, and the bundle in force stays (docs/regional-operations.md).
"""

from __future__ import annotations

import base64
import binascii

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from shopfloor_core.contract import Bundle, bundle_signed_text

PINNED_KEY = "bundle_signing_key"


def signature_problem(bundle: Bundle, pinned_key: str | None) -> str | None:
    """Why the bundle's signature is not to be trusted; None when it verifies."""
    if not bundle.signature:
        return "signature: the bundle is not signed"
    key_text = pinned_key or bundle.signing_key
    if not key_text:
        return "signature: the server sent no signing key and none is pinned"
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(key_text, validate=True))
        signature = base64.b64decode(bundle.signature, validate=True)
        text = bundle_signed_text(bundle.version, bundle.published_utc, bundle.sections)
        key.verify(signature, text)
    except (InvalidSignature, ValueError, binascii.Error):
        which = "the pinned key" if pinned_key else "the key it came with"
        return f"signature: does not verify against {which}; the bundle in force stays"
    return None
