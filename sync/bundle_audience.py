"""Is this bundle for this line PC's plant? Checked right after its signature.

A pilot bundle is for the plant it was published for, and every bundle the server serves is one
plant's (the region's bundle comes with that plant's modules). The server signs whom it served
the bundle to when the PC asks (``BUNDLE_SIGNATURE_HEADER``), so an answer for plant A that
reaches a PC of plant B (copied, replayed by a proxy, a ``server_url`` or token of another
plant) no longer verifies as B's: it is refused like a bundle whose signature fails, and the
bundle in force stays. The region itself is named by the key that signs (another region's key
does not verify against the pinned one).

An older server signs no audience: its bundles are applied as before, until this PC has once
had a bundle signed with its audience. From then on a bundle without one is a downgrade (an
answer recorded from an older client or server) and is refused (docs/regional-operations.md).
"""

from __future__ import annotations

from shopfloor_core.contract import Bundle
from sync.state import SyncState

# The first bundle version this PC had signed with its audience (absent: never).
AUDIENCE_SIGNED_SINCE = "bundle_audience_signed_since"

CHECK_THE_LINK = (
    "a copied or redirected answer, or a [sync] server_url, proxy or token of another plant: "
    "check them on this PC ('operator-app sync --once' shows this); the bundle in force stays"
)


def audience_problem(bundle: Bundle, plant: str, signed_since: int | None) -> str | None:
    """Why ``bundle`` (its signature verified) is not for a PC of ``plant``; None when it is."""
    if bundle.audience is None:
        if signed_since is None:
            return None  # an older server: nothing to compare yet
        return (
            f"audience: bundle version {bundle.version} is signed without naming the plant it "
            f"is for, but this PC has had bundles signed with their plant since version "
            f"{signed_since}: an answer recorded from an older client or server, or the "
            "regional server was put back to an older version (the region upgrades it again); "
            "the bundle in force stays"
        )
    if bundle.plant is not None and bundle.plant != plant:
        return (
            f"audience: bundle version {bundle.version} is a pilot for plant {bundle.plant}, "
            f"not for this PC's plant {plant} (a plant gets a bundle of its own only in a "
            f"pilot): {CHECK_THE_LINK}"
        )
    if bundle.audience != plant or bundle.plant not in (None, bundle.audience):
        return (
            f"audience: bundle version {bundle.version} was served to plant {bundle.audience} "
            f"(with that plant's modules), not to this PC's plant {plant}: {CHECK_THE_LINK}"
        )
    return None


def signed_since(state: SyncState) -> int | None:
    value = state.get(AUDIENCE_SIGNED_SINCE)
    return int(value) if value else None


def note_signed(state: SyncState, bundle: Bundle) -> None:
    """Remember, once, that the server signs whom its bundles are for."""
    if bundle.audience is not None and state.get(AUDIENCE_SIGNED_SINCE) is None:
        state.put(AUDIENCE_SIGNED_SINCE, str(bundle.version))
