"""The sync contract (docs/sync-contract.md), shared by the client and the reference server.

Contract v2 adds production orders: the ``job_revision`` record kind, and the job, product and
products version on event revisions and count buckets. Its records are pushed to
``/v2/records``, a path a v1 server does not have: it answers 404, and the client keeps every
record waiting (never in quarantine) and says the server is too old. Pull, bundle, device and
summary stay under ``/v1``.

Plain values and parsers only: the client reads the server's answers through these, never
trusting a field it has not checked, and the server builds its answers from the same names.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from shopfloor_core.domain.clock import from_iso

API_PREFIX = "/v1"
RECORDS_PATH = f"{API_PREFIX}/records"
# The contract this client writes its records in, and where it pushes them.
CONTRACT_VERSION = 2
PUSH_PATH = "/v2/records"
BUNDLE_PATH = f"{API_PREFIX}/bundle"
DEVICE_PATH = f"{API_PREFIX}/device"
SUMMARY_PATH = f"{API_PREFIX}/summary"
# Added to v1 without changing anything else: a server that answers it 404 predates it.
HEARTBEAT_PATH = f"{API_PREFIX}/heartbeat"

IDEMPOTENCY_KEY = "Idempotency-Key"
SERVER_TIME = "X-Server-Time"
# What a line PC asking for its bundle understands of the signed text, beyond version, time and
# sections (a comma-separated list): "audience" asks the server to sign whom the bundle is for.
# A server that does not know the header ignores it and signs the text it always did.
BUNDLE_SIGNATURE_HEADER = "X-Bundle-Signature"
SIGNED_AUDIENCE = "audience"

# Record kinds a device may push (the outbox's record_kind values).
EVENT_REVISION = "event_revision"
PRODUCTION_COUNT = "production_count"
# One revision of an andon call; any station of the call's line may write the next one.
ANDON_CALL_REVISION = "andon_call_revision"
# One revision of a production order (contract v2): queued, started, paused, resumed, ended.
JOB_REVISION = "job_revision"
RECORD_KINDS = frozenset(
    {
        EVENT_REVISION,
        PRODUCTION_COUNT,
        ANDON_CALL_REVISION,
        JOB_REVISION,
        "shift_handover_note",
        "shift_signoff",
        "late_edit",
        "workflow_run",
    }
)
# Most minute buckets one production_count record may carry (a day).
MAX_COUNT_BUCKETS = 1440

# Sections of a regional bundle; the client refuses a bundle that lacks one.
BUNDLE_SECTIONS = ("catalogue", "roster", "workflows", "shift_calendar", "targets", "modules")
# Sections a bundle may carry; without one the client runs without it (a region that maps no
# fault codes shows every PLC fault by its number; without products the client's shipped
# products are in force; without jobs the line's queue comes from plant IT's files).
OPTIONAL_BUNDLE_SECTIONS = ("fault_codes", "products", "jobs")

MAX_BATCH_RECORDS = 5000
MAX_BODY_BYTES = 32 * 1024 * 1024


class Outcome(StrEnum):
    ACCEPTED = "accepted"  # stored now
    DUPLICATE = "duplicate"  # stored before, same content: delivered all the same
    REJECTED = "rejected"  # will never be stored as sent: quarantine it


class ContractError(ValueError):
    """The server's answer does not follow the contract (a proxy's page, a wrong server...)."""


@dataclass(frozen=True)
class RecordResult:
    record_id: str
    outcome: Outcome
    reason: str


@dataclass(frozen=True)
class PulledRecord:
    cursor: int
    kind: str
    record_id: str
    device: str
    plant: str
    area: str
    line: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class PullPage:
    records: tuple[PulledRecord, ...]
    next_cursor: int
    more: bool


@dataclass(frozen=True)
class Bundle:
    version: int
    etag: str
    published_utc: str
    sections: dict[str, Any]
    # The server's Ed25519 signature over bundle_signed_text, and its public key (base64).
    signature: str = ""
    signing_key: str = ""
    # The planned rotations leading to ``signing_key``, oldest first (optional: a server that
    # never rotated, or an older one, sends none; see KeyEndorsement).
    key_endorsements: tuple[KeyEndorsement, ...] = ()
    # The plant a pilot bundle was published for (None: the whole region).
    plant: str | None = None
    # The plant whose line PCs the server served this document to, signed with it; None when
    # the signature does not cover it (a server from before the audience, or not asked for).
    audience: str | None = None

    def signed_text(self) -> bytes:
        """The bytes its signature covers: with its audience when the server signed one."""
        if self.audience is None:
            return bundle_signed_text(self.version, self.published_utc, self.sections)
        audience = BundleAudience(self.plant, self.audience)
        return bundle_signed_text(self.version, self.published_utc, self.sections, audience)


@dataclass(frozen=True)
class BundleAudience:
    """Whom a served bundle is for, as its signature names them.

    ``plant`` is the plant a pilot was published for (None: a region-wide bundle); ``served_to``
    is the plant whose line PCs the server served it to: every served document is one plant's,
    since the region's bundle comes with that plant's modules switched on or off
    (``regional_server/plant_modules.py``). The region itself is named by the key that signs.
    """

    plant: str | None
    served_to: str


@dataclass(frozen=True)
class KeyEndorsement:
    """One planned rotation: ``endorsed_by`` (the key before) signed ``key`` (the one after).

    ``signature`` is ``endorsed_by``'s Ed25519 signature over ``key_endorsement_text(key)``;
    keys and signature are base64. A line PC pinned to ``endorsed_by`` may move to ``key``.
    """

    key: str
    endorsed_by: str
    signature: str


# What an endorsement states, before the new key's raw bytes: a signature over these bytes can
# never be mistaken for a bundle's (whose text is a JSON object) or anything else the key signs.
KEY_ENDORSEMENT_PREFIX = b"operator-app regional bundle signing key, succeeded by:\n"
# The most endorsements a bundle carries (the server serves the newest ones): a line PC refuses a
# longer chain unread, so a hostile answer cannot make it verify without end. A PC that slept
# through more planned rotations than this is re-trusted by plant IT.
MAX_KEY_ENDORSEMENTS = 64


def key_endorsement_text(key: str) -> bytes:
    """The bytes the old key signs to endorse ``key`` (base64 of the raw public key)."""
    return KEY_ENDORSEMENT_PREFIX + base64.b64decode(key, validate=True)


def key_fingerprint(key: str) -> str:
    """SHA-256 of the raw public key, as upper-case hex pairs joined by colons (for the phone)."""
    digest = hashlib.sha256(base64.b64decode(key, validate=True)).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


# The short form of a fingerprint: its first 8 bytes (what a heartbeat carries, what tables show).
SHORT_FINGERPRINT_CHARS = 23


def short_fingerprint(fingerprint: str) -> str:
    """The first 8 bytes of a fingerprint (``key_fingerprint``), enough to tell keys apart."""
    return fingerprint[:SHORT_FINGERPRINT_CHARS]


def bundle_signed_text(
    version: int,
    published_utc: str,
    sections: dict[str, Any],
    audience: BundleAudience | None = None,
) -> bytes:
    """The bytes a bundle's signature covers: its version, time and sections, canonical JSON,
    and whom it is for (``plant``, ``audience``) when the line PC asked for that.

    Both sides build them from parsed JSON (keys sorted, no spaces), so the signature does not
    depend on how the answer was spelled on the wire. Without an audience the text is the one
    every earlier client verifies, byte for byte.
    """
    envelope: dict[str, Any] = {
        "version": version,
        "published_utc": published_utc,
        "bundle": sections,
    }
    if audience is not None:
        envelope["plant"] = audience.plant
        envelope["audience"] = audience.served_to
    return json.dumps(
        envelope, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def encode_batch(device: str, rows: list[tuple[str, str, str]]) -> bytes:
    """The push body for ``(kind, record_id, payload_json)`` rows, payloads spliced as stored.

    The outbox already holds each payload as compact JSON, so it is not parsed and dumped again:
    a week of backlog drains at the speed of the network, not of ``json``.
    """
    parts = [
        f'{{"kind":{json.dumps(kind)},"id":{json.dumps(record_id)},"payload":{payload}}}'
        for kind, record_id, payload in rows
    ]
    return f'{{"device":{json.dumps(device)},"records":[{",".join(parts)}]}}'.encode()


def _object(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ContractError(f"{what} is not a JSON object")
    return value


def _text(data: dict[str, Any], key: str, what: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise ContractError(f"{what}.{key} is not a string")
    return value


def _integer(data: dict[str, Any], key: str, what: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ContractError(f"{what}.{key} is not an integer")
    return value


def parse_push_answer(body: object) -> list[RecordResult]:
    data = _object(body, "push answer")
    results = data.get("results")
    if not isinstance(results, list):
        raise ContractError("push answer.results is not a list")
    out = []
    for i, item in enumerate(results):
        entry = _object(item, f"results[{i}]")
        try:
            outcome = Outcome(str(entry.get("status")))
        except ValueError:
            raise ContractError(f"results[{i}].status is not a known outcome") from None
        reason = entry.get("reason") or ""
        out.append(RecordResult(_text(entry, "id", f"results[{i}]"), outcome, str(reason)))
    return out


def parse_pull_page(body: object) -> PullPage:
    data = _object(body, "pull answer")
    raw = data.get("records")
    if not isinstance(raw, list):
        raise ContractError("pull answer.records is not a list")
    records = []
    for i, item in enumerate(raw):
        entry = _object(item, f"records[{i}]")
        where = f"records[{i}]"
        records.append(
            PulledRecord(
                cursor=_integer(entry, "cursor", where),
                kind=_text(entry, "kind", where),
                record_id=_text(entry, "id", where),
                device=_text(entry, "device", where),
                plant=_text(entry, "plant", where),
                area=_text(entry, "area", where),
                line=_text(entry, "line", where),
                payload=_object(entry.get("payload"), f"{where}.payload"),
            )
        )
    more = data.get("more")
    if not isinstance(more, bool):
        raise ContractError("pull answer.more is not a boolean")
    return PullPage(tuple(records), _integer(data, "next_cursor", "pull answer"), more)


def parse_bundle(body: object, etag: str) -> Bundle:
    """The bundle envelope; its sections are checked by ``sync.bundle`` before use."""
    data = _object(body, "bundle answer")
    sections = _object(data.get("bundle"), "bundle answer.bundle")
    return Bundle(
        version=_integer(data, "version", "bundle answer"),
        etag=etag,
        published_utc=_text(data, "published_utc", "bundle answer"),
        sections=sections,
        signature=str(data.get("signature") or ""),
        signing_key=str(data.get("signing_key") or ""),
        key_endorsements=_endorsements(data.get("key_endorsements")),
        plant=_optional_text(data, "plant", "bundle answer"),
        audience=_optional_text(data, "audience", "bundle answer"),
    )


def _optional_text(data: dict[str, Any], key: str, what: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise ContractError(f"{what}.{key} is not a string or null")
    return value


def _endorsements(value: object) -> tuple[KeyEndorsement, ...]:
    """The optional endorsement chain; an entry that is not three strings is left out (a
    chain with a gap does not verify, so the bundle is refused for its signature, not here)."""
    if not isinstance(value, list):
        return ()
    chain = []
    for entry in value:
        if isinstance(entry, dict):
            fields = [entry.get(k) for k in ("key", "endorsed_by", "signature")]
            if all(isinstance(f, str) for f in fields):
                chain.append(KeyEndorsement(*(str(f) for f in fields)))
    return tuple(chain)


def parse_server_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return from_iso(value)
    except ValueError:
        return None
